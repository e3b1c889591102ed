-- title: Logins by address
-- description: Per client address: successful and failed logins (auth log and wtmp/btmp records), users tried, first and last seen. Many failures then a success from the same address is a brute force that worked.
-- param: ip: only this address (optional)
WITH attempts AS (
    SELECT client_ip AS ip, user, time, 'auth_events' AS via,
           (lower(event) LIKE '%accept%' OR lower(event) LIKE '%success%') AS ok,
           (lower(event) LIKE '%fail%' OR lower(event) LIKE '%invalid%' OR lower(event) LIKE '%refused%') AS bad
    FROM auth_events WHERE client_ip IS NOT NULL AND client_ip <> ''
    UNION ALL
    SELECT ip, user, time, 'logins:' || coalesce(kind, ''),
           lower(coalesce(kind, '')) NOT LIKE '%btmp%', lower(coalesce(kind, '')) LIKE '%btmp%'
    FROM logins
    WHERE ip IS NOT NULL AND ip NOT IN ('', '0.0.0.0', '::') AND coalesce(type, '') NOT IN ('BOOT_TIME', 'RUN_LVL', 'DEAD_PROCESS')
)
SELECT ip, sum(ok) AS successes, sum(bad) AS failures, count(DISTINCT user) AS users,
       group_concat(DISTINCT CASE WHEN ok THEN user END) AS logged_in_as,
       min(time) AS first_seen, max(time) AS last_seen,
       min(CASE WHEN ok THEN time END) AS first_success,
       group_concat(DISTINCT via) AS seen_in
FROM attempts
WHERE nullif(:ip, '') IS NULL OR ip = :ip
GROUP BY ip
ORDER BY successes > 0 AND failures > 0 DESC, successes DESC, failures DESC, ip
