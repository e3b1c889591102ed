-- title: Changed package files
-- description: Files that no longer match what their package installed (changed or missing), binaries first: a trojaned ls or sshd shows here. Configuration files change legitimately; they are left out unless conffiles=1.
-- param: conffiles: 1 to include changed configuration files (default: left out)
SELECT i.path, i.package, i.status, i.expected_md5, i.actual_md5, i.conffile, i.flags,
       f.sha256, f.owner, f.mtime, f.ctime, f.btime
FROM package_integrity i
LEFT JOIN files f ON f.path = i.path
WHERE lower(coalesce(i.status, '')) NOT IN ('ok', 'unchanged', 'match', 'matches', '')
  AND (nullif(:conffiles, '') IS NOT NULL OR coalesce(i.conffile, 0) = 0)
ORDER BY (i.path LIKE '%/bin/%' OR i.path LIKE '%/lib%/%.so%') DESC, i.package, i.path
