#!/bin/sh
# Deployment helper: fetches a release, checks its signature, installs it.
set -eu
curl -fsSL https://releases.example.com/app-1.2.tar.gz -o /tmp/app.tar.gz
gpg --verify /tmp/app.tar.gz.asc /tmp/app.tar.gz
tar -C /opt/app -xzf /tmp/app.tar.gz
install -m 0600 -o deploy deploy.pub /home/deploy/.ssh/authorized_keys
# Test connectivity with bash's /dev/tcp
timeout 2 bash -c 'exec 3<>/dev/tcp/$DB_HOST/5432' && echo "db reachable"
