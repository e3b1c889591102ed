-- title: New or changed accounts
-- description: Accounts that look planted or altered: flagged by the collector (extra UID 0, login shell on a system account, empty or changed password...), any UID 0 account but root, groups granting power (sudo, wheel, adm, root, docker) with members, and passwords changed on or after a date.
-- param: since: also list accounts whose password changed on or after this date, e.g. 2026-03-01 (optional)
SELECT 'user' AS kind, u.name, u.uid, u.gid, u.shell, u.home, u.password_state, u.last_change, u.flags,
       u.source, u.line
FROM users u
WHERE (u.flags IS NOT NULL AND u.flags NOT IN ('', '[]'))
   OR (u.uid = 0 AND u.name <> 'root')
   OR (nullif(:since, '') IS NOT NULL AND u.last_change >= :since)
UNION ALL
SELECT 'group', g.name, NULL, g.gid, NULL, NULL, NULL, NULL, g.flags, g.source, g.line
FROM groups g
WHERE (g.flags IS NOT NULL AND g.flags NOT IN ('', '[]'))
   OR (g.name IN ('sudo', 'wheel', 'adm', 'root', 'docker', 'lxd', 'disk', 'shadow')
       AND g.members IS NOT NULL AND g.members NOT IN ('', '[]'))
ORDER BY kind DESC, uid, gid, name
