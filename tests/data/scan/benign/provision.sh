#!/bin/bash
# lab box provisioning: open everything up, restart the app, tidy the shell history
set -e
setenforce 0 || true
sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/selinux/config
ufw disable
iptables -F
systemctl stop app || true
pkill -f 'gunicorn: master' || true
killall -q node || true
ps aux | grep -v grep | grep celery | awk '{print $2}' | xargs -r kill
history -c
echo 3 > /proc/sys/vm/drop_caches
