-- title: Web shells and scores
-- description: Files the scan scored as web shells or attacker tools, highest score first, with every reason, the rules that matched, and the file's owner and times (birth and ctime say when it really landed).
-- param: min_score: lowest score shown (default 1)
SELECT s.path, s.score, s.verdict, s.reasons,
       (SELECT group_concat(DISTINCT x.rule) FROM findings x WHERE x.path = s.path AND x.rule IS NOT NULL) AS rules,
       s.sha256, f.owner, f.perms, f.size, f.mime, f.btime, f.ctime, f.mtime
FROM file_scores s
LEFT JOIN files f ON f.path = s.path
WHERE s.score >= CAST(coalesce(nullif(:min_score, ''), 1) AS integer)
ORDER BY s.score DESC, s.path
