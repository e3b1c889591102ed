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
    condition:
        filesize < 20MB and (1 of ($s*) or 3 of ($c*) or (2 of ($x*) and 1 of ($c*)) or ($x1 and $x2))
}
