/*
   Privilege escalation through the database server: a MySQL user who may
   write files drops a UDF library into the plugin folder and registers
   sys_exec/sys_eval, or (Windows) a MOF file that WMI runs. Web shells carry
   these as an "escalate" button; they also come as stand-alone scripts.
*/

rule triage_mysql_udf_mof_privesc
{
    meta:
        description = "MySQL privilege escalation: a file written with SELECT ... INTO DUMPFILE and a UDF (sys_exec/sys_eval) or a WMI MOF consumer to run commands as the database server"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/001/"
        score = 80
        category = "attacker-tool"
        family = "mysql-udf-mof"
    strings:
        $dump = /into\s+dumpfile\s/ nocase
        $udf1 = /create\s+function\s+[a-z_0-9]{1,40}\s+returns\s+(string|integer|int|real)\s+soname/ nocase
        $udf2 = /\b(sys_exec|sys_eval|lib_mysqludf_sys)\b/ nocase
        $udf3 = /\/plugin\/[a-z_0-9]{1,40}\.(so|dll)/ nocase
        $mof1 = "ActiveScriptEventConsumer" nocase
        $mof2 = /wbem[\/\\]+mof[\/\\]+/ nocase
    condition:
        filesize < 5MB and $dump and (2 of ($udf*) or ($mof1 and $mof2))
}
