-- title: Persistence with undo
-- description: Everything that runs again by itself (cron jobs, systemd units, rc scripts, shell profiles, preload, keys...), flagged items first, each with what the rebuild team does to undo it. By default only flagged items; all=1 lists everything.
-- param: all: 1 to list unflagged items too (default: flagged only)
SELECT * FROM (
SELECT 'persistence' AS "table", p.id AS row_id, p.kind, p.name, p.detail, p.enabled, p.package,
       p.flags, p.undo, p.source, p.line
FROM persistence p
WHERE nullif(:all, '') IS NOT NULL OR (p.flags IS NOT NULL AND p.flags NOT IN ('', '[]'))
UNION ALL
SELECT 'cron_jobs', c.id, 'cron:' || coalesce(c.kind, ''), coalesce(c.user, ''),
       coalesce(c.schedule || ' ', '') || coalesce(c.command, c.unit, ''), NULL, NULL, c.flags, c.undo,
       c.source, c.line
FROM cron_jobs c
WHERE nullif(:all, '') IS NOT NULL OR (c.flags IS NOT NULL AND c.flags NOT IN ('', '[]'))
)
ORDER BY (flags IS NULL OR flags IN ('', '[]')), "table", source, line
