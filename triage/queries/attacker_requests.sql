-- title: Requests from attacker addresses
-- description: Every web request from the addresses given, or, when none are given, from every address that requested a file the scan scored as malicious (score 50 or more, found through the URL-to-file map), in time order.
-- param: ips: comma-separated client addresses (default: the addresses that reached a flagged file)
WITH RECURSIVE given(ip, rest) AS (
    SELECT NULL, replace(coalesce(:ips, ''), ' ', '') || ','
    UNION ALL
    SELECT substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
    FROM given WHERE rest <> ''
),
shell_urls AS (
    SELECT DISTINCT rtrim(m.url_prefix, '/') || substr(s.path, length(rtrim(m.path, '/')) + 1) AS url
    FROM file_scores s
    JOIN url_map m ON s.path LIKE rtrim(m.path, '/') || '/%'
    WHERE s.score >= 50
),
attackers AS (
    SELECT ip FROM given WHERE ip IS NOT NULL AND ip <> ''
    UNION
    SELECT a.client_ip FROM access_log a
    WHERE nullif(:ips, '') IS NULL AND a.path IN (SELECT url FROM shell_urls)
)
SELECT a.time, a.client_ip, a.method, a.url, a.status, a.bytes, a.user_agent, a.referer, a.vhost,
       a.source, a.line
FROM access_log a
WHERE a.client_ip IN (SELECT ip FROM attackers)
ORDER BY a.time, a.id
