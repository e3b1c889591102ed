-- title: Top client IPs by rarity
-- description: Client addresses ranked by how many paths they requested that almost nobody else did (paths requested by at most max_ips addresses): a shell's operator hits a URL no visitor knows. Few requests, POSTs and one user agent add to the picture.
-- param: max_ips: a path is rare when at most this many addresses requested it (default 2)
-- param: limit: how many addresses (default 50)
WITH path_ips AS (
    SELECT path, count(DISTINCT client_ip) AS ips FROM access_log GROUP BY path
),
rare AS (
    SELECT path FROM path_ips WHERE ips <= CAST(coalesce(nullif(:max_ips, ''), 2) AS integer)
)
SELECT a.client_ip,
       count(DISTINCT CASE WHEN r.path IS NOT NULL THEN a.path END) AS rare_paths,
       sum(r.path IS NOT NULL) AS rare_requests,
       count(*) AS requests,
       sum(a.method = 'POST') AS posts,
       count(DISTINCT a.user_agent) AS agents,
       min(a.time) AS first_seen,
       max(a.time) AS last_seen,
       group_concat(DISTINCT CASE WHEN r.path IS NOT NULL THEN a.path END) AS sample_rare_paths
FROM access_log a
LEFT JOIN rare r ON r.path = a.path
WHERE a.client_ip IS NOT NULL
GROUP BY a.client_ip
HAVING rare_paths > 0
ORDER BY rare_paths DESC, requests ASC, a.client_ip
LIMIT CAST(coalesce(nullif(:limit, ''), 50) AS integer)
