-- title: Files written between two times
-- description: Files born, changed (ctime) or modified (mtime) between start and end (UTC, ISO-8601, e.g. 2026-03-01T10:00), with their score when the scan flagged them. ctime and birth time cannot be set back by touch: a file whose mtime is old but ctime falls in the window was timestomped.
-- param: start: start of the window, UTC (e.g. 2026-03-01T10:00:00)
-- param: end: end of the window, UTC (e.g. 2026-03-01T12:00:00)
SELECT f.path, f.type, f.owner, f.perms, f.size, f.btime, f.ctime, f.mtime, f.mime, f.sha256,
       s.score, s.verdict
FROM files f
LEFT JOIN file_scores s ON s.path = f.path
WHERE (f.mtime BETWEEN replace(:start, ' ', 'T') AND replace(:end, ' ', 'T') || 'z')
   OR (f.ctime BETWEEN replace(:start, ' ', 'T') AND replace(:end, ' ', 'T') || 'z')
   OR (f.btime BETWEEN replace(:start, ' ', 'T') AND replace(:end, ' ', 'T') || 'z')
ORDER BY coalesce(min(f.btime, f.ctime, f.mtime), min(f.ctime, f.mtime), f.mtime), f.path
