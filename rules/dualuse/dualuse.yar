/*
   Dual-use tools: legitimate admin tools that also serve attackers when
   left in a web root. Reported apart from web shells (category dual-use).
*/

rule triage_dualuse_adminer
{
    meta:
        description = "Adminer single-file database manager (dual-use: full database access from the web)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.adminer.org/"
        score = 40
        category = "dual-use"
        family = "adminer"
    strings:
        $a = "https://www.adminer.org/" ascii
        $b = /function\s+adminer\s*\(\s*\)/
        $c = "Adminer" ascii fullword
        $v = /\$VERSION\s*=\s*["'][0-9]\.[0-9]/
        $h = /Adminer( Editor)? - Compact database management/
    condition:
        filesize > 50KB and ($c or $b) and $a and ($v or $h)
}

rule triage_dualuse_phpmyadmin
{
    meta:
        description = "phpMyAdmin front controller (dual-use: database access from the web)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.phpmyadmin.net/"
        score = 30
        category = "dual-use"
        family = "phpmyadmin"
    strings:
        $def = /define\s*\(\s*['"]PHPMYADMIN['"]\s*,\s*true\s*\)/
        $name = "phpmyadmin" nocase
    condition:
        filesize < 30KB and $def and $name
}

rule triage_dualuse_phpinfo
{
    meta:
        description = "Stand-alone phpinfo() page (dual-use: discloses paths, modules and settings to anyone)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.phpinfo.php"
        score = 25
        category = "dual-use"
        family = "phpinfo"
    strings:
        $open = "<?" ascii
        $info = /phpinfo\s*\(\s*(INFO_[A-Z]{1,15}\s*)?\)\s*;/
    condition:
        filesize < 400 and $open in (0..3) and $info
}

rule triage_dualuse_file_manager
{
    meta:
        description = "Web file manager (Tiny File Manager, elFinder connector, KCFinder, FileRun-like): browse, edit and upload server files"
        author = "triage"
        date = "2026-11-27"
        reference = "https://tinyfilemanager.github.io/"
        score = 35
        category = "dual-use"
        family = "file-manager"
    strings:
        $t1 = "Tiny File Manager" ascii
        $t2 = "tinyfilemanager" nocase
        $e1 = "elFinderConnector" ascii
        $e2 = /new\s+elFinder\s*\(\s*\$opts\s*\)/
        $k1 = "KCFinder" ascii
        $up = "move_uploaded_file" ascii
        $cfg = /\$auth_users\s*=\s*array\s*\(/
    condition:
        filesize < 1MB and ((($t1 or $t2) and ($up or $cfg)) or ($e1 and $e2) or ($k1 and $up))
}

rule triage_dualuse_sql_console
{
    meta:
        description = "SQL console page: the connection string and the SQL both come from the form (on MSSQL, xp_cmdshell is one query away)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/sql/relational-databases/system-stored-procedures/xp-cmdshell-transact-sql"
        score = 40
        category = "dual-use"
        family = "sql-console"
    strings:
        $cs_text = /ConnectionString\s*=\s*[A-Za-z_0-9]{1,30}\.Text\b/
        $cs_req = /ConnectionString\s*=\s*Request\s*(\.\s*(Form|QueryString|Params|Item))?\s*[\[\(]/ nocase
        $cmd_text = /new\s+(Sql|OleDb|Odbc|MySql|Npgsql|Oracle)Command\s*\(\s*[A-Za-z_0-9]{1,30}\.Text\b/
        $cmd_req = /new\s+(Sql|OleDb|Odbc|MySql|Npgsql|Oracle)Command\s*\(\s*Request\s*(\.\s*(Form|QueryString|Params|Item))?\s*[\[\(]/ nocase
        $jdbc_conn = /DriverManager\s*\.\s*getConnection\s*\(\s*request\s*\.\s*getParameter\s*\(/
        $jdbc_exec = /\.\s*(execute|executeQuery|executeUpdate)\s*\(\s*request\s*\.\s*getParameter\s*\(/
        $php_conn = /\b(mysqli?_connect|mysqli_real_connect|pg_connect|new\s+(PDO|mysqli))\s*\(\s*@?\$_(GET|POST|REQUEST)\s*\[/ nocase
        $php_query = /\b(mysqli?_query|pg_query|->\s*(query|exec))\s*\(\s*(\$[a-z_0-9]{1,30}\s*,\s*)?@?\$_(GET|POST|REQUEST)\s*\[/ nocase
    condition:
        filesize < 1MB and ((1 of ($cs*) and 1 of ($cmd*)) or ($jdbc_conn and $jdbc_exec) or ($php_conn and $php_query))
}

