/*
   Persistence tools: LD_PRELOAD rootkit loaders, SSH key implanters, and
   download-and-run droppers.
*/

rule triage_ld_preload_loader
{
    meta:
        description = "LD_PRELOAD rootkit loader: writes a library into /etc/ld.so.preload"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1574/006/"
        score = 85
        category = "attacker-tool"
        family = "ld-preload-rootkit"
    strings:
        $w1 = /(echo|printf)\s+[^\n|;]{1,200}>>?\s*["']?\/etc\/ld\.so\.preload/
        $w2 = /(tee|cp|mv|install)\s+(-a\s+)?[^\n|;]{0,200}["']?\/etc\/ld\.so\.preload/
        $w3 = /fopen\s*\(\s*"\/etc\/ld\.so\.preload"\s*,\s*"[aw]\+?"/
        $w4 = /open\s*\(\s*['"]\/etc\/ld\.so\.preload['"]\s*,\s*['"][aw]/
    condition:
        filesize < 10MB and any of them
}

rule triage_ld_preload_rootkit_library
{
    meta:
        description = "Userland rootkit library: hooks readdir and friends with dlsym(RTLD_NEXT) to hide files or processes"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1014/"
        score = 80
        category = "attacker-tool"
        family = "ld-preload-rootkit"
    strings:
        $dlsym = "dlsym" ascii fullword
        $h1 = "readdir" ascii fullword
        $h2 = "readdir64" ascii fullword
        $p1 = "/proc/self/fd/%d" ascii
        $p2 = "/proc/%s/stat" ascii
        $p3 = "/proc/%d/cmdline" ascii
        $p4 = "/proc/self/fd" ascii
        $hide1 = /process_to_filter|hide_proc|HIDE_PREFIX|MAGIC_STRING|hidden_file|is_invisible|is_hidden/ nocase
        $hide2 = "%d (%[^)]s" ascii
    condition:
        uint32(0) == 0x464C457F and uint16(0x10) == 3 and filesize < 2MB and
        $dlsym and $h1 and $h2 and 1 of ($p*) and 1 of ($hide*)
}

rule triage_ssh_key_implanter
{
    meta:
        description = "SSH key implanter: appends a key to authorized_keys from a script (often with chattr to lock it)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1098/004/"
        score = 75
        category = "attacker-tool"
        family = "ssh-key-implant"
    strings:
        $add1 = /(echo|printf)\s+["']?(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]{3})\s+AAAA[^\n]{20,}>>?\s*[^\n]{0,80}authorized_keys/
        $add2 = /(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]{3})\s+AAAA[A-Za-z0-9+\/]{20,}[^\n]{0,200}>>\s*[^\n]{0,80}authorized_keys/
        $lock = /chattr\s+\+[ai]\s+[^\n]{0,80}authorized_keys/
        $php = /file_put_contents\s*\([^;]{0,120}authorized_keys[^;]{0,120}FILE_APPEND/ nocase
        $key = /ssh-(rsa|ed25519) AAAA/
    condition:
        filesize < 2MB and ($add1 or $add2 or $lock or ($php and $key))
}

rule triage_download_and_run
{
    meta:
        description = "Dropper: downloads a file into a temp folder, makes it executable and runs it (or pipes a download into a shell) with output hidden"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1105/"
        score = 65
        category = "attacker-tool"
        family = "dropper"
    strings:
        $d1 = /(wget|curl)\s+[^\n|;]{0,100}(https?|ftp):\/\/[^\s'"]{4,200}[^\n|;]{0,60}(-O|-o|>)\s*['"]?\/(tmp|var\/tmp|dev\/shm)\/[^\s;'"&|]{1,80}/
        $c1 = /chmod\s+(\+x|[0-7]?7[0-7][0-7])\s+['"]?\/(tmp|var\/tmp|dev\/shm)\//
        $r1 = /(;|&&|\n)\s*(nohup\s+)?\.?\/(tmp|var\/tmp|dev\/shm)\/[^\s;'"&|]{1,80}[^\n]{0,60}(>\s*\/dev\/null|&\s*$|&\s*;)/
        $p1 = /(wget\s+-q?O-?\s*-?|curl\s+-[a-zA-Z]{0,6}\s+)[^\n|;]{0,20}(https?|ftp):\/\/[^\s'"|]{4,200}\s*\|\s*(ba)?sh\b[^\n]{0,40}(>\s*\/dev\/null|2>&1)/
        $hist = /(unset HISTFILE|history -c|HISTFILE=\/dev\/null)/
    condition:
        filesize < 1MB and (($d1 and $c1 and $r1) or ($p1 and $hist) or ($d1 and $c1 and $hist))
}

rule triage_gsocket_backdoor
{
    meta:
        description = "GSocket (gs-netcat) backdoor: its installer or launcher, which gives a remote shell through the Global Socket relay without opening a port"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.gsocket.io/deploy/"
        score = 80
        category = "attacker-tool"
        family = "gsocket"
    strings:
        $g1 = "gs-netcat" ascii
        $g2 = "gsocket.io/x" ascii
        $g3 = "gsocket.io/y" ascii
        $g4 = "GS_SECRET" ascii
        $g5 = "GS_ARGS" ascii
        $g6 = "gs-dbus" ascii
        $g7 = "GSOCKET_ARGS" ascii
        $g8 = "gsocket-" ascii
        $x1 = "-liqD" ascii
        $x2 = /(bash|sh)\s+-c\s+["']\$\((curl|wget)\s[^)]{0,40}gsocket/
    condition:
        filesize < 5MB and (2 of ($g*) or $x2 or ($g1 and $x1))
}

rule triage_ld_preload_rootkit_source
{
    meta:
        description = "Userland rootkit source: C that looks up libc's own readdir/stat/open with dlsym(RTLD_NEXT) to filter what /proc and directory listings show (libprocesshider, Azazel, Jynx, beurk, vlany style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1574/006/"
        score = 75
        category = "attacker-tool"
        family = "ld-preload-rootkit"
    strings:
        $include = "#include" ascii
        $dlsym = /dlsym\s*\(/
        $next = "RTLD_NEXT" ascii
        $h1 = /\breaddir(64)?\b/
        $h2 = /\b__[lf]?xstat(64)?\b/
        $h3 = /\bfopen(64)?\s*\(/
        $h4 = /\baccept\s*\(/
        $proc = "/proc/" ascii
        $preload = "ld.so.preload" ascii
        $hide = /hide_|_hide|[Hh]idden|HIDE|[Ii]nvisible|to_filter|[Mm]agic|MAGIC/
        // libc's readdir defined anew in this file: a hook (its strings may be XOR-encoded, no /proc in sight)
        $def = /struct\s+dirent(64)?\s*\*\s*readdir(64)?\s*\(\s*DIR\s*\*/
    condition:
        uint32(0) != 0x464C457F and filesize < 2MB and $include and $dlsym and $h1 and ($next or #dlsym >= 3) and (
            (($proc or $preload) and ($hide or (1 of ($h2, $h3, $h4) and #dlsym >= 3))) or
            ($def and 1 of ($h2, $h3, $h4)))
}

rule triage_ld_preload_rootkit_installer
{
    meta:
        description = "Rootkit installer: compiles a shared library and names /etc/ld.so.preload (written through a variable, which the loader rule's literal writes miss)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1574/006/"
        score = 80
        category = "attacker-tool"
        family = "ld-preload-rootkit"
    strings:
        $preload = "/etc/ld.so.preload" ascii
        $gcc = /\b(gcc|cc|clang)\s[^\n]{0,200}-(shared|fPIC)\b/
        $make = /\bmake\b[^\n]{0,80}\b(install|all|[a-z0-9_]{1,20}\.so)\b/
        $word1 = /PAM backdoor|rootkit|hide (files|processes|ports)|magic (gid|user|string)/ nocase
        $word2 = /chattr\s+\+[ia]{1,2}/
    condition:
        uint32(0) != 0x464C457F and filesize < 2MB and $preload and ($gcc or $make) and 1 of ($word*)
}

rule triage_login_record_wiper
{
    meta:
        description = "Log wiper: edits or empties the login records (wtmp/utmp/btmp/lastlog) with the auth logs and shell histories; C log cleaners that overwrite utmp records in place"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1070/"
        score = 75
        category = "attacker-tool"
        family = "log-wiper"
    strings:
        $t1 = /(>|truncate\s+-s\s*0\s+|cat\s+\/dev\/null\s*>\s*|shred\s+(-[a-z]{1,4}\s+){0,3}|rm\s+-[rf]{1,2}\s+)\s*\/var\/(log|run)\/(wtmp|btmp|utmp|lastlog)\b/
        $t2 = /(>|truncate\s+-s\s*0\s+|cat\s+\/dev\/null\s*>\s*|shred\s+(-[a-z]{1,4}\s+){0,3}|rm\s+-[rf]{1,2}\s+)\s*\/var\/log\/(auth\.log|secure|messages|syslog|apache2\/|httpd\/|nginx\/)/
        $t3 = /(>|rm\s+-[rf]{1,2}\s+|cat\s+\/dev\/null\s*>\s*|shred\s+(-[a-z]{1,4}\s+){0,3})\s*(~|\$HOME|\/root|\/home\/[^\s\/]{1,32})\/\.(bash|zsh|mysql)_history/
        $t4 = /history\s+-c|unset\s+HISTFILE|HISTFILE=\/dev\/null|HISTSIZE=0/
        $c_path = /\b_?(PATH_)?(WTMPX?|UTMPX?|LASTLOG)(_FILE)?\b|"\/var\/(log|run)\/(wtmp|utmp|btmp|lastlog)"/
        $c_back = /lseek\s*\(\s*[a-z_]{1,20}\s*,\s*-\s*\(?\s*(\(\s*off_t\s*\)\s*)?sizeof/
        $c_zero = /(memset|bzero)\s*\(\s*&?[a-z_]{1,30}\s*,\s*(0\s*,\s*)?sizeof/
        $banner = /log\s?cleaner|wtmp\s*(clean|wip|edit)/ nocase
    condition:
        filesize < 2MB and (
            (uint32(0) != 0x464C457F and $t1 and ($t2 or $t3 or $t4)) or
            (uint32(0) != 0x464C457F and (#t1 + #t2 + #t3) >= 4) or
            (#c_path >= 2 and ($banner or ($c_back and $c_zero))))
}

rule triage_privesc_enumerator
{
    meta:
        description = "Privilege-escalation enumerator (LinPEAS, LinEnum, linux-exploit-suggester, unix-privesc-check style): a pentester's tool, and an intruder's first download after a web shell"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1082/"
        score = 60
        category = "attacker-tool"
        family = "privesc-enumerator"
    strings:
        $n1 = "linpeas" nocase
        $n2 = "LinEnum" nocase
        $n3 = "linux-exploit-suggester" nocase
        $n4 = "privilege escalation" nocase
        $n5 = "sudo pwnage" nocase
        $n6 = "gtfobins" nocase
        $n7 = "can read the shadow file" nocase
        $n8 = /find\s+\/\s[^\n]{0,60}-perm\s+-?(u=s|4000|\+4000|-4000|\/4000|-u=s)/
        $n9 = "unix-privesc-check" nocase
        $n10 = /dirty\s?c[o0]w|CVE-2016-5195|CVE-2021-4034|pwnkit|CVE-2022-0847|dirty\s?pipe/ nocase
    condition:
        filesize < 10MB and 3 of them
}

rule triage_cron_hidden_temp_path
{
    meta:
        description = "Cron entry that runs a program from a hidden folder under /tmp, /var/tmp or /dev/shm (Outlaw, Kinsing and miner droppers' persistence)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1053/003/"
        score = 75
        category = "attacker-tool"
        family = "cron-persistence"
    strings:
        $line = /(@reboot|@hourly|@daily|[0-9*\/,-]{1,12}[ \t]+[0-9*\/,-]{1,12}[ \t]+[0-9*\/,-]{1,12}[ \t]+[0-9*\/,-]{1,12}[ \t]+[0-9*\/,-]{1,12})[ \t]+([a-z_][a-z0-9_-]{0,31}[ \t]+)?[^\n]{0,80}\/(tmp|var\/tmp|dev\/shm)\/\.[^\s\/]{1,40}\//
        $outlaw1 = "/.configrc/" ascii
        $outlaw2 = "/.rsync/" ascii
    condition:
        filesize < 1MB and uint32(0) != 0x464C457F and ($line or ($outlaw1 and $outlaw2))
}

rule triage_pam_backdoor
{
    meta:
        description = "PAM backdoor: a patch to pam_unix's password check that lets one hard-coded password in, or the script that builds and installs it"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1556/003/"
        score = 85
        category = "attacker-tool"
        family = "pam-backdoor"
    strings:
        $unix = "pam_unix" ascii
        $succ = /PAM_SUCCESS/
        // a diff line (unified +, context !) that compares the password to a constant
        $cmp = /\n[+!][ \t][^\n]{0,60}strn?cmp\s*\(\s*[a-z_]{1,20}\s*,\s*("[^"\n]{1,64}"|[A-Z_]{3,30})\s*(,\s*[0-9a-z_]{1,20}\s*)?\)/
        $build1 = /patch\s+-p[0-9]/
        $build2 = /sed\s+[^\n]{0,60}_PASSWORD_/
        $build3 = /pam_unix\.so[^\n]{0,120}(\/lib(64)?\/(x86_64-linux-gnu\/)?security|\/usr\/lib(64)?\/security)/
        $word = /PAM backdoor/ nocase
    condition:
        filesize < 1MB and $unix and (($cmp and $succ) or ($word and (1 of ($build*))) or ($build1 and $build2))
}

rule triage_system_tool_wrapper
{
    meta:
        description = "Hides processes or files by moving ps/top/netstat/ls aside and putting a wrapper in their place that filters their output (grep -v), often backdated with touch"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1564/"
        score = 80
        category = "attacker-tool"
        family = "rootkit-wrapper"
    strings:
        $move = /\b(mv|cp)\s+[^\n;|]{0,60}\/(usr\/)?s?bin\/(ps|top|pstree|netstat|ss|ls|lsof|find|htop)\s+[^\n;|]{0,60}\/(usr\/)?s?bin\/(ps|top|pstree|netstat|ss|ls|lsof|find|htop)[._-]?(original|orig|old|bak|real|bin)\b/
        $move2 = /\b(mv|cp)\s+\$[A-Za-z_]{1,30}\s+\/(usr\/)?s?bin\/(ps|top|pstree|netstat|ss|ls|lsof|find|htop)[._-]?(original|orig|old|bak|real)\b/
        $move3 = /\b(mv|cp)\s+\/(usr\/)?s?bin\/\$\{?[A-Za-z_]{1,20}\}?\s+\/(usr\/)?s?bin\/\$\{?[A-Za-z_]{1,20}\}?[._-]?(original|orig|old|bak|real)\b/
        $filter = /(original|orig|old|bak|real)[^\n]{0,20}\$[@*][^\n]{0,20}\|\s*grep\s+-v/
        $touch = /touch\s+-[dr]\s/
    condition:
        filesize < 1MB and uint32(0) != 0x464C457F and 1 of ($move*) and ($filter or $touch)
}
