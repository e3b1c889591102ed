-- Nightly export of the reports table for the BI team.
SELECT id, created, total FROM reports WHERE created > NOW() - INTERVAL 1 DAY
INTO OUTFILE '/var/lib/mysql-files/reports.csv' FIELDS TERMINATED BY ',';
CREATE FUNCTION levenshtein_ratio RETURNS INTEGER SONAME 'udf_levenshtein.so';
