/*
   IRC bots and coin miners as dropped on hacked web servers.
*/

rule triage_irc_bot
{
    meta:
        description = "IRC bot: speaks IRC and carries flood/exec/scan commands (Perl shellbot, Tsunami/Kaiten style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1071/"
        score = 85
        category = "attacker-tool"
        family = "irc-bot"
    strings:
        $i1 = "PRIVMSG" ascii
        $i2 = "NICK " ascii
        $i3 = "JOIN " ascii
        $i4 = "USER " ascii
        $i5 = "PING" ascii
        $a1 = /\b(udpflood|tcpflood|httpflood|synflood|ackflood|udpflooder|tcpflooder|httpflooder)\b/ nocase
        $a2 = /[!@.](udp|tcp|syn|http|ack|std|junk|hold)\s*(flood)?\s+<?(ip|host|target)/ nocase
        $a3 = /\b(portscan|sendraw|conback|back connect|backconnect|shellbot|kaiten|tsunami)\b/ nocase
        $a4 = /[!@.](sh|exec|cmd|shell|system|rsh)\s+<?(command|cmd)/ nocase
        $a5 = "KILLALL" ascii
        $a6 = "GETSPOOFS" ascii
    condition:
        filesize < 5MB and 3 of ($i*) and 2 of ($a*)
}

rule triage_miner_config
{
    meta:
        description = "Coin miner: stratum pool URL or XMRig-style configuration"
        author = "triage"
        date = "2026-11-27"
        reference = "https://xmrig.com/docs/miner/config"
        score = 80
        category = "attacker-tool"
        family = "coin-miner"
    strings:
        $s1 = "stratum+tcp://" nocase
        $s2 = "stratum+ssl://" nocase
        $s3 = "stratum2+tcp://" nocase
        $s4 = "stratum+tls://" nocase
        $c1 = "\"donate-level\"" ascii
        $c2 = "\"pools\"" ascii
        $c3 = "\"randomx\"" ascii
        $c4 = "\"nicehash\"" ascii
        $c5 = "\"rig-id\"" ascii
        $c6 = /"algo"\s*:\s*"(rx\/0|cn\/|cryptonight|argon2|ghostrider|kawpow|rx\/wow)/ ascii
        $c7 = "\"max-cpu-usage\"" ascii
        $x1 = "xmrig" nocase
        $x2 = "--donate-level" ascii
        $x3 = "cryptonight" nocase
        $x4 = "minerd" ascii
        $x5 = "cpuminer" nocase
        // the Monero pools attackers mine to, named beside the miner
        $pool1 = "moneroocean.stream" nocase
        $pool2 = "minexmr.com" nocase
        $pool3 = "supportxmr.com" nocase
        $pool4 = "nanopool.org" nocase
        $pool5 = "c3pool.com" nocase
        $pool6 = "c3pool.org" nocase
        $pool7 = "hashvault.pro" nocase
        $pool8 = "xmrpool.eu" nocase
        $pool9 = "2miners.com" nocase
        $pool10 = "herominers.com" nocase
        $pool11 = "unmineable.com" nocase
        $pool12 = "monerohash.com" nocase
        $pool13 = "xmrfast.com" nocase
        $pool14 = "p2pool.io" nocase
    condition:
        filesize < 20MB and (1 of ($s*) or 3 of ($c*) or (2 of ($x*) and 1 of ($c*)) or ($x1 and $x2) or
                             (1 of ($x*) and 1 of ($pool*)))
}

/*
   The shell scripts that drop coin miners on hacked Linux servers (Rocke,
   TeamTNT, Kinsing, WatchDog, 8220 and their copies) share habits more than
   strings: they kill every competing miner by name, pool address or port,
   and they switch off what would notice them. Both rules look for several of
   those habits together; a single one is ordinary administration.
*/
rule triage_miner_competitor_killer
{
    meta:
        description = "Shell script that hunts down competing coin miners (kill pipelines by process name, pool address or stratum port; well-known miner process names)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.trendmicro.com/en_us/research/24/h/cve-2023-22527-cryptomining.html"
        score = 80
        category = "attacker-tool"
        family = "miner-dropper"
    strings:
        $pipe = /grep\s+(-[a-zA-Z]{1,4}\s+){0,3}("[^"\n]{1,200}"|'[^'\n]{1,200}'|[^|\s]{1,120})\s*\|\s*awk\s+['"][^'"\n]{0,60}print\s+\$[0-9]+[^'"\n]{0,20}['"]\s*(\|\s*awk[^|\n]{1,60})?\|\s*(grep[^|\n]{1,40}\|\s*)?xargs\s+(-I\s*%\s+)?kill(\s+-9)?/
        $port = /netstat\s+-[a-z]{2,6}\s*\|\s*grep\s+['"]?:(3333|4444|5555|6666|7777|8888|9999|14444|45700|13531)\b/
        $n1 = "kdevtmpfsi" ascii
        $n2 = "kinsing" ascii
        $n3 = "xmrig" nocase
        $n4 = "minerd" ascii
        $n5 = "ddgs" ascii
        $n6 = "watchbog" ascii
        $n7 = "kthreaddi" ascii
        $n8 = "kworkerds" ascii
        $n9 = "sysupdate" ascii
        $n10 = "networkservice" ascii
        $n11 = "givemexyz" ascii
        $n12 = "dbused" ascii
        $n13 = "cryptonight" nocase
        $n14 = "moneropool" ascii
        $n15 = "crypto-pool" ascii
        $n16 = "supportxmr" ascii
        $n17 = "nanopool" ascii
        $n18 = "c3pool" ascii
        $kill = /\b(kill\s+-9|pkill\s+(-9\s+)?-f|killall(\s+-9)?)\s/
    condition:
        filesize < 2MB and uint16(0) != 0x457f and
        (#pipe >= 4 or (#pipe >= 1 and $port) or (3 of ($n*) and $kill and (#pipe >= 1 or #kill >= 3)))
}

rule triage_linux_defense_evasion_script
{
    meta:
        description = "Shell script that switches off what would notice an intruder: SELinux, firewall, file attributes on cron and SSH files, logs, cloud security agents, the NMI watchdog (miner tuning), renamed download tools"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1562/"
        score = 75
        category = "attacker-tool"
        family = "miner-dropper"
    strings:
        $w1 = /setenforce\s+0/
        $w2 = "SELINUX=disabled" ascii
        $w3 = /ufw\s+disable/
        $w4 = /iptables\s+-F\b/
        $s1 = /chattr\s+[-+][aiue]{1,4}\s+[^\n]{0,60}(cron|\.ssh|authorized_keys|\/tmp|\/etc\/(passwd|shadow|hosts|ld\.so))/
        $s2 = /nmi_watchdog\s*=?\s*['"]?0|0['"]?\s*>\s*\/proc\/sys\/kernel\/nmi_watchdog/
        $s3 = /vm\.nr_hugepages|\/proc\/sys\/vm\/nr_hugepages/
        $s4 = /(rm\s+-rf?\s+|>\s*|cat\s+\/dev\/null\s*>\s*)\/var\/log\/(syslog|wtmp|btmp|lastlog|secure|auth\.log|messages)/
        $s5 = /(mv|cp)\s+\/usr\/bin\/(wget|curl)\s+\/usr\/bin\//
        $s6 = /(aegis|AliYunDun|aliyun-service|qcloud|YDService|bcm-agent|cloudmonitor|uninstall\.sh)/
        $s7 = /history\s+-c|unset\s+HISTFILE|HISTFILE=\/dev\/null/
        $s8 = /echo\s+[0-9]\s*>\s*\/proc\/sys\/vm\/drop_caches/
        $s9 = /mount\s+-o\s+remount,exec\s+\/(var\/)?tmp/
        $s10 = /(>>?|tee\s+(-a\s+)?)\s*["']?\/etc\/ld\.so\.preload/
        $s11 = /libprocesshider|process_to_filter/
        $s12 = /transparent_hugepage\/enabled/
    condition:
        filesize < 2MB and uint16(0) != 0x457f and 3 of ($s*) and (1 of ($w*) or 4 of ($s*))
}

rule triage_ssh_worm_spreader
{
    meta:
        description = "Shell script that spreads over SSH: harvests hosts from known_hosts and the local private keys, then logs in non-interactively to run a downloaded or base64 payload"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1021/004/"
        score = 80
        category = "attacker-tool"
        family = "ssh-worm"
    strings:
        $kh = "known_hosts" ascii
        $keys = /\.ssh\/id_|id_(rsa|dsa|ecdsa|ed25519)\b|-name\s+["']?id_|\.ssh\/config|\.bash_history/
        $ssh = /ssh\s[^\n]{0,80}-o\s*["']?(BatchMode=yes|StrictHostKeyChecking=no|StrictHostChecking=no)/
        $p1 = /base64\s+(-d|--decode)\s*\|\s*(\/bin\/)?(ba)?sh/
        $p2 = /(curl|wget)\s[^|\n]{0,200}\|\s*(\/bin\/)?(ba)?sh/
    condition:
        filesize < 2MB and uint16(0) != 0x457f and $kh and $keys and $ssh and any of ($p*)
}
