#!/bin/sh
# Monthly housekeeping: archive and rotate the login records (kept, compressed, not erased).
cp /var/log/wtmp /var/backups/wtmp.$(date +%Y%m) && gzip -9 /var/backups/wtmp.$(date +%Y%m)
> /var/log/wtmp
chmod 664 /var/log/wtmp
echo "rotated; see /var/backups" | logger -t rotate
