#!/bin/bash
# nightly backup to the hosts the admin listed; keys are the backup user's own
while read -r host; do
  ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -i ~/.ssh/id_backup "backup@$host" \
      'tar czf - /srv/data' > "/backups/$host.tgz"
done < /etc/backup/hosts
ssh-keygen -R old.example.org -f ~/.ssh/known_hosts
curl -fsS https://hc.example.org/ping/backup > /dev/null
