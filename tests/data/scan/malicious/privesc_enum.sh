#!/bin/sh
# triage-expect: triage_privesc_enumerator
# Local enumeration for privilege escalation, the way LinEnum-style scripts are laid out.
echo "### local privilege escalation checks ###"
echo "[-] SUID files:"; find / -perm -4000 -type f 2>/dev/null
[ -r /etc/shadow ] && echo "[+] We can read the shadow file!"
sudo -n -l 2>/dev/null | grep -q NOPASSWD && echo "[+] Possible sudo pwnage!"
echo "[i] see gtfobins for what each binary allows"
