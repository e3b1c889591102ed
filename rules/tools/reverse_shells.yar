/*
   Reverse shells: an interactive shell wired to an outbound socket, in
   shell, Python, Perl, PHP or a compiled program.
*/

rule triage_reverse_shell_bash
{
    meta:
        description = "Reverse shell: interactive shell redirected to /dev/tcp or /dev/udp, or through a named pipe into netcat"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        score = 85
        category = "attacker-tool"
        family = "reverse-shell"
    strings:
        $tcp1 = /(bash|sh|zsh|ksh|dash)\s+-i\s*(>&|&>|>\s*&|>)\s*\/dev\/(tcp|udp)\/[^\s\/]{1,255}\/[0-9]{1,5}/
        $tcp2 = /exec\s+[0-9]{1,3}\s*<>\s*\/dev\/(tcp|udp)\/[^\s\/]{1,255}\/[0-9]{1,5}\s*;\s*(\/bin\/)?(ba|z|k|da)?sh\s+<&\s*[0-9]/
        $tcp3 = /<&\s*[0-9]{1,3}\s*;?\s*exec\s+[0-9]{1,3}\s*<>\s*\/dev\/tcp\//
        $tcp4 = /\/dev\/tcp\/[^\s\/]{1,255}\/[0-9]{1,5}\s*0>&1/
        $fifo = /mkfifo\s+\S{1,100};?\s*(cat|tail -f)\s+\S{1,100}\s*\|\s*\/bin\/(ba)?sh\s+-i\s*2>&1\s*\|\s*(nc|ncat|netcat|telnet|openssl s_client)\b/
        $nce = /\b(nc|ncat|netcat|nc\.traditional)\s+(-[a-z]{1,4}\s+)*-e\s+\/bin\/(ba|z|k|da)?sh\b/
        $nce2 = /\b(nc|ncat|netcat)\s+[^\n|;]{1,100}\s-(e|c)\s+['"]?(\/bin\/)?(ba|z)?sh['"]?(\s|$)/
        $socat = /socat\s+[^\n]{0,60}exec:['"]?(\/bin\/)?(ba)?sh\s+-li?['"]?[^\n]{0,60}tcp(4|6)?:/ nocase
    condition:
        filesize < 5MB and any of them
}

rule triage_reverse_shell_script
{
    meta:
        description = "Reverse shell: Python/Perl/PHP/Ruby code that connects out and hands the socket to a shell"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1059/"
        score = 85
        category = "attacker-tool"
        family = "reverse-shell"
    strings:
        $py_dup = /os\.dup2\s*\(\s*[a-z_0-9]{1,20}\.fileno\s*\(\s*\)\s*,\s*[012]\s*\)/
        $py_sock = /\.connect\s*\(\s*\(/
        $py_sh1 = /pty\.spawn\s*\(\s*["'](\/bin\/)?(ba)?sh/
        $py_sh2 = /subprocess\.(call|Popen)\s*\(\s*\[\s*["']\/bin\/(ba)?sh["']\s*,\s*["']-i["']/
        $pl_sock = /socket\s*\(\s*[A-Z_]{1,10}\s*,\s*&?PF_INET\s*,\s*&?SOCK_STREAM/
        $pl_dup = /open\s*\(\s*STDIN\s*,\s*["']>&[A-Z_]{1,10}["']\s*\)/
        $pl_sh = /exec\s*\(?\s*["'](\/bin\/)?(ba)?sh\s+-i["']/
        $pl_sh_var = /exec\s*\(?\s*\$[a-z_0-9]{1,20}/
        // exec {"/bin/sh"} ($fake_name, "-i"): the shell run under another process name
        $pl_sh_obj = /exec\s*\(?\s*\{\s*["']\/bin\/(ba)?sh["']\s*\}/
        $sh_i = /\/bin\/(ba)?sh\s+-i/
        $pl_io = /IO::Socket::INET\s*->\s*new\s*\(/
        $pl_fd = /STDOUT\s*,\s*["']>&/
        $php_sock = /\$[a-z_0-9]{1,20}\s*=\s*(fsockopen|stream_socket_client)\s*\(/ nocase
        $php_sh1 = /proc_open\s*\(\s*(\$shell|["'](\/bin\/)?(ba)?sh\s+-i["'])/ nocase
        $php_sh2 = /(exec|shell_exec|system|passthru|popen)\s*\(\s*["'](\/bin\/)?(ba)?sh\s+-i\s*<&\s*3\s*>&\s*3\s*2>&\s*3["']/ nocase
        $php_desc = /0\s*=>\s*\$sock/ nocase
        $rb = /TCPSocket\.(new|open)\s*\([^)]{1,100}\)[^\n]{0,100}(exec\s+sprintf|\/bin\/(ba)?sh\s+-i)/
    condition:
        filesize < 5MB and (
            ($py_dup and $py_sock and ($py_sh1 or $py_sh2)) or
            (($pl_sock or $pl_io) and ($pl_dup or $pl_fd) and ($pl_sh or $pl_sh_obj or ($pl_sh_var and $sh_i))) or
            ($php_sock and ($php_sh1 or $php_sh2 or $php_desc) and ($php_sh1 or $php_sh2)) or
            $php_sh2 or $rb
        )
}

rule triage_reverse_shell_elf
{
    meta:
        description = "Reverse/bind shell program: small ELF with a hard-coded interactive shell and socket wiring, or a known backdoor banner"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        score = 70
        category = "attacker-tool"
        family = "reverse-shell"
    strings:
        $sh1 = "/bin/sh -i" ascii
        $sh2 = "/bin/bash -i" ascii
        $sh3 = "HISTFILE=/dev/null" ascii
        $sh4 = "unset HISTFILE" ascii
        $f1 = "dup2" ascii
        $f2 = "connect" ascii
        $f3 = "execve" ascii
        $f4 = "execl" ascii
        $b1 = "Spawning shell" nocase
        $b2 = "[+] connected" nocase
        $b3 = "reverse shell" nocase
    condition:
        uint32(0) == 0x464C457F and filesize < 3MB and $f1 and $f2 and ($f3 or $f4) and
        ((1 of ($sh1, $sh2) and 1 of ($sh3, $sh4, $b*)) or 2 of ($b*))
}

rule triage_c_backdoor_source
{
    meta:
        description = "Backdoor source in C: a socket (raw ICMP trigger, bind or connect-back) duplicated onto stdin/stdout/stderr and a shell executed on it"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        score = 75
        category = "attacker-tool"
        family = "backdoor"
    strings:
        $include = "#include" ascii
        $sock = /\bsocket\s*\(\s*(AF_INET6?|PF_INET6?)\s*,\s*SOCK_(STREAM|RAW)/
        $dup = /\bdup2\s*\(\s*[a-z_]{1,20}\s*,\s*[0-2]\s*\)/
        $exec = /\bexec(l|lp|v|ve|vp)\s*\(\s*("\/bin\/(ba|da|z)?sh"|[A-Z_]{3,20}\s*,)/
        $net = /\b(connect|accept)\s*\(/
        $icmp = "IPPROTO_ICMP" ascii
    condition:
        uint32(0) != 0x464C457F and filesize < 1MB and $include and $sock and #dup >= 2 and $exec and ($net or $icmp)
}

rule triage_kernel_rootkit_source
{
    meta:
        description = "Kernel rootkit source: a module that finds kernel symbols (kallsyms_lookup_name, sys_call_table) and hooks directory listing, /proc or the network tables to hide things"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1014/"
        score = 80
        category = "attacker-tool"
        family = "lkm-rootkit"
    strings:
        $mod = /MODULE_LICENSE\s*\(|module_init\s*\(/
        $sym1 = "kallsyms_lookup_name" ascii
        $sym2 = "sys_call_table" ascii
        $h1 = /\b(sys_)?getdents(64)?\b|\bfilldir(64)?\b/
        $h2 = /tcp[46]_seq_show/
        $hide = /hide|hidden|invisible/ nocase
    condition:
        uint32(0) != 0x464C457F and filesize < 2MB and $mod and 1 of ($sym*) and 1 of ($h*) and $hide
}

rule triage_flooder_script
{
    meta:
        description = "DDoS flooder: a loop sending UDP packets or HTTP requests at a target, in a script that says what it is (flood, DoS, attack)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1498/"
        score = 70
        category = "attacker-tool"
        family = "ddos"
    strings:
        $word = /\b([Ff]lood(er|ing)?|FLOOD|DDoS|DDOS|DoS attack|UDP [Ff]lood|attacking)\b/
        $udp = /SOCK_DGRAM|IPPROTO_UDP|socket\s*\([^)\n]{0,60},\s*17\s*\)/
        $send = /\b(send|sendto)\s*\(/
        $http = /requests\s*\.\s*(get|post)\s*\(|urllib[23]?\s*\.\s*(request\s*\.\s*)?urlopen\s*\(|curl_exec\s*\(|fsockopen\s*\(/
        $loop = /while\s*\(?\s*(1|true|True)\b|for\s*\(\s*;[^;\n]{0,40};\s*\)|while\s+True\s*:/
        $threads = /threading\s*\.\s*Thread|Thread\s*\(\s*target|fork\s*\(\s*\)|pcntl_fork/
    condition:
        filesize < 1MB and uint32(0) != 0x464C457F and #word >= 2 and $loop and (($udp and $send) or ($http and $threads))
}

rule triage_credential_dumper
{
    meta:
        description = "Credential dumper: reads other processes' memory (/proc/PID/mem) for passwords of logged-in users, services or web logins (mimipenguin style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1003/007/"
        score = 75
        category = "attacker-tool"
        family = "credential-dumper"
    strings:
        $name = "mimipenguin" nocase
        $mem = /\/proc\/\$\{?[a-z_]{1,20}\}?\/mem|\/proc\/%d\/mem|\/proc\/'\s*\+\s*[a-z_]{1,20}\s*\+\s*'\/mem|"\/proc\/"\s*\+\s*[a-z_]{1,20}\s*\+\s*"\/mem"/ nocase
        $maps = /\/maps\b/
        $shadow = "/etc/shadow" ascii
        $auth = /Authorization: Basic|gnome-keyring|lightdm|vsftpd|sshd: |password=/
    condition:
        filesize < 2MB and ($name or ($mem and $maps and $shadow and $auth))
}

rule triage_tunnel_client
{
    meta:
        description = "Client of a web-shell tunnel (reGeorg/Neo-reGeorg style): turns a tunnel page on a hacked web server into a SOCKS proxy"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1090/"
        score = 60
        category = "attacker-tool"
        family = "tunnel"
    strings:
        $n1 = "reGeorg" ascii
        $n2 = "Georg says" ascii
        $h1 = "X-CMD" ascii
        $h2 = "X-TARGET" ascii
        $h3 = "X-STATUS" ascii
        $socks = /socks ?[45]|SOCKS ?[45]/
    condition:
        filesize < 1MB and ((1 of ($n*) and 1 of ($h*)) or (all of ($h*) and $socks))
}
