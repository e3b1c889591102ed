-- title: Search commands and log lines
-- description: Full-text search of shell history commands (FTS phrase match) and substring search of web request URLs and auth log lines, in time order: find where a tool name, an address or a file name turns up.
-- param: q: the words or text to look for, e.g. wget or /tmp/.x
SELECT 'shell_history' AS found_in, h.time, h.user AS who, h.command AS text, h.source, h.line
FROM shell_history h
WHERE h.rowid IN (SELECT rowid FROM shell_history_fts
                  WHERE shell_history_fts MATCH '"' || replace(:q, '"', '""') || '"')
UNION ALL
SELECT 'access_log', a.time, a.client_ip, a.method || ' ' || a.url || ' ' || coalesce(a.status, ''),
       a.source, a.line
FROM access_log a WHERE instr(a.url, :q) > 0
UNION ALL
SELECT 'auth_events', e.time, coalesce(e.client_ip, e.user), e.raw, e.source, e.line
FROM auth_events e WHERE instr(e.raw, :q) > 0
ORDER BY 2, 1
