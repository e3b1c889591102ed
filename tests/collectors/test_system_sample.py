"""The sample hacked server: exactly which system rows are flagged, and why.

The sample plants one item of every persistence kind next to benign
look-alikes (the stock logrotate cron job and timer, PHP's cron.d file,
anacrontab, vendor apache2/cron/mariadb units, an admin's own unit and keys,
a narrow NOPASSWD rule, stock sudoers and PAM lines): only the planted ones
may carry flags. Malformed input on a second tree must give error rows while
the run completes.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.conftest import ROOT

SYSTEM = ["files", "system_facts", "accounts", "ssh", "shell_history", "cron_jobs", "persistence", "packages",
          "services"]
KEYS = {"users": "name", "groups": "name", "sudoers": "source, line", "ssh_keys": "source, line",
        "sshd_config": "source, line", "shell_history": "source, line", "cron_jobs": "source, line",
        "persistence": "kind, source, line", "package_integrity": "path, status", "system_facts": "key, line"}
WW = "runs a program from a world-writable directory"
HIDDEN = "hidden path component"
UNOWNED_DIR = "no package owns this file, in a folder only packages fill"
EXPECTED = {
    "users": {
        "sysadmin": ["password changed 2022-05-09, within 30 days of the last change to /etc/shadow (2022-05-10)",
                     "uid 0 (root's powers) on an account not named root", "uid 0 shared with root"],
        "systemd-sync": ["empty password in /etc/shadow: logs in without a password",
                         "system account (uid 998 < 1000) with a login shell /bin/sh"],
    },
    "groups": {},
    "sudoers": {
        ("/etc/sudoers.d/99-www", 1): ["NOPASSWD for ALL commands: root without a password",
                                       "ALL commands for www-data (not one of the stock admin rules)"],
    },
    "ssh_keys": {
        ("/var/www/.ssh/rc", None): ["~/.ssh/rc runs at every SSH login of this user"],
        ("/root/.ssh/authorized_keys", 2): ["same key also authorized for www-data"],
        ("/var/www/.ssh/authorized_keys", 1): [
            "key for service account www-data (uid 33): such accounts log in by key only when someone put it there",
            "same key also authorized for root"],
    },
    "sshd_config": {("/etc/ssh/sshd_config", 3): ["root may log in with a password"]},
    "shell_history": {
        ("/root/.bash_history", 4): ["download into a temporary directory", HIDDEN,
                                     "makes a file executable in a temporary directory"],
        ("/root/.bash_history", 6): ["base64-decoded payload"],
        ("/root/.bash_history", 8): ["adds or changes an account"],
        ("/root/.bash_history", 10): ["creates or plants SSH keys"],
        ("/root/.bash_history", 12): ["disables the firewall"],
        ("/root/.bash_history", 16): ["clears or disables shell history"],
        ("/root/.mysql_history", 3): ["grants full database privileges"],
    },
    "cron_jobs": {
        ("/etc/cron.d/apt-daily-check", 3): [HIDDEN],
        ("/var/spool/cron/crontabs/www-data", 2): [WW, HIDDEN, "runs at every boot"],
        ("/var/spool/cron/crontabs/www-data", 3): ["download piped into a shell or interpreter"],
        ("/etc/cron.hourly/0anacron-sync", None): ["download piped into a shell or interpreter"],
        ("/var/spool/cron/atjobs/a0000101b2b5d2", None): ["download into a temporary directory", WW],
        ("/etc/systemd/system/dbus-sync.timer", None): ["reverse shell (/dev/tcp or /dev/udp)",
                                                        "interactive shell wired to a socket"],
    },
    "persistence": {
        ("systemd_system_unit", "/etc/systemd/system/dbus-sync.service", None): [
            "reverse shell (/dev/tcp or /dev/udp)", "interactive shell wired to a socket"],
        ("systemd_system_unit", "/lib/systemd/system/cron.service", None): [WW, HIDDEN],
        ("systemd_system_unit", "/lib/systemd/system/systemd-networkd-helper.service", None): [UNOWNED_DIR, HIDDEN],
        ("sysv_init", "/etc/init.d/kworker-helper", None): ["init script no package owns", WW, HIDDEN],
        ("rc_local", "/etc/rc.local", 5): [WW, HIDDEN],
        ("ld_so_preload", "/etc/ld.so.preload", 1): [
            "library preloaded into every process (userland rootkits hide this way)"],
        ("shell_startup", "/etc/profile.d/sysinfo.sh", 2): ["download piped into a shell or interpreter"],
        ("shell_startup", "/home/alice/.bashrc", 9): [WW, HIDDEN, "alias replaces sudo (password capture or hiding)"],
        ("pam", "/etc/pam.d/common-auth", 7): [
            "pam_exec runs a program at every login (credential capture, backdoor)"],
        ("pam_module", "/lib/x86_64-linux-gnu/security/pam_sshd.so", None): [UNOWNED_DIR],
        ("udev", "/etc/udev/rules.d/75-net-helper.rules", 1): [WW, HIDDEN],
        ("update_motd", "/etc/update-motd.d/99-sysinfo", None): [
            "no package owns this script; it runs as root at every SSH login", WW, HIDDEN],
        ("kernel_module", "/etc/modules-load.d/diamorphine.conf", 1): [
            "loaded at boot but no installed kernel ships this module (out-of-tree: rootkit?)"],
        ("modprobe_install", "/etc/modprobe.d/dccp.conf", 1): [
            "modprobe install hook runs a command when the module loads", WW, HIDDEN],
    },
    "package_integrity": {
        ("/bin/ps", "changed"): ["file differs from what package procps installed",
                                 "a system binary or library replaced (trojan?)"],
        ("/etc/mysql/mariadb.conf.d/50-server.cnf", "changed"): ["configuration file edited since install"],
        ("/usr/bin/kthreadd", "unowned"): ["in a system folder but no package owns it"],
        ("/usr/lib/x86_64-linux-gnu/libprocesshider.so", "unowned"): ["in a system folder but no package owns it"],
    },
    "system_facts": {
        ("fstab", 3): ["/srv was a separate file system (ext4) and is absent or empty in this image: its files "
                       "were not collected; image that device too"],
        ("hosts", 4): ["a public name sent to this host or nowhere (blocks updates or security vendors?)"],
    },
}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "samples"))
    try:
        import build
    finally:
        sys.path.pop(0)
    from triage import runner

    base = tmp_path_factory.mktemp("sample")
    root = build.build("hacked-debian", base / "root")
    case = base / "case.db"
    summary = runner.collect(os.fspath(root), os.fspath(case), only=SYSTEM, argv=[])
    assert summary.status == "complete"
    import sqlite_utils

    return sqlite_utils.Database(case)


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_exactly_the_planted_rows_are_flagged(sample_db, table):
    got = {}
    for row in sample_db.execute(f"SELECT {KEYS[table]}, flags FROM {table} WHERE flags != '[]' ORDER BY id"):
        got[row[0] if len(row) == 2 else tuple(row[:-1])] = json.loads(row[-1])
    assert got == EXPECTED[table]


def test_benign_look_alikes_are_collected_unflagged(sample_db):
    def flags(table, where, params):
        rows = list(sample_db.query(f"SELECT flags FROM {table} WHERE {where}", params))
        assert rows, (table, where, params)
        return {r["flags"] for r in rows}

    assert flags("cron_jobs", "source = ?", ["/etc/cron.daily/logrotate"]) == {"[]"}
    assert flags("cron_jobs", "source = ?", ["/lib/systemd/system/logrotate.timer"]) == {"[]"}
    assert flags("cron_jobs", "source = ?", ["/etc/cron.d/php"]) == {"[]"}
    assert flags("persistence", "name = ?", ["apache2.service"]) == {"[]"}
    assert flags("persistence", "name = ?", ["shopapi.service"]) == {"[]"}
    assert flags("ssh_keys", "source = ? AND user = 'alice'", ["/home/alice/.ssh/authorized_keys"]) == {"[]"}
    assert flags("ssh_keys", "source = ? AND line = 1", ["/root/.ssh/authorized_keys"]) == {"[]"}
    assert flags("sudoers", "source = ?", ["/etc/sudoers.d/deploy"]) == {"[]"}
    rows = {r["name"]: r for r in sample_db["services"].rows}
    assert rows["mariadb"]["database"] == 1 and rows["mariadb"]["version"] == "1:10.3.39-0+deb10u2"
    assert rows["mariadb"]["data_dir"] == "/var/lib/mysql" and rows["mariadb"]["size"] == 12288 + 15
    creds = {r["config"] for r in sample_db["services"].rows if r["kind"] == "credentials"}
    assert creds == {"/etc/mysql/debian.cnf", "/var/www/html/wp-config.php"}
    undo = {r["source"]: r["undo"] for r in sample_db["persistence"].rows}
    assert undo["/etc/ld.so.preload"] == ("empty /etc/ld.so.preload (delete it), then delete "
                                          "/usr/lib/x86_64-linux-gnu/libprocesshider.so")
    assert all(r["undo"] for r in sample_db["persistence"].rows)
    assert all(r["undo"] for r in sample_db["cron_jobs"].rows)
    assert list(sample_db.query("SELECT * FROM errors WHERE collector != 'files'")) == []


MALFORMED = {
    "/etc/passwd": b"root:x:0:0:root:/root:/bin/bash\r\n\x00\x01\x02\xff\xfe\xfd binary garbage\n"
                   b"missing:x:1001\nalice:x:1000:1000::/home/alice:/bin/bash\n",
    "/etc/group": b"root:x:0:\r\nbroken\n",
    "/etc/crontab": "SHELL=/bin/sh\r\n* * * * * root /usr/bin/" + "A" * 10_000 + "\r\n0 0 * * * root /bin/true\r\n",
    "/etc/sudoers": "root ALL=(ALL:ALL) ALL\nthis is = (not valid\n%sudo ALL=(ALL:ALL) ALL\n",
    "/var/lib/dpkg/status": "Package: a\nStatus: install ok installed\nVersion: 1\n",
    "/var/lib/dpkg/info/a.md5sums": b"0123456789abcdef0123456789abcdef  usr/bin/\xff\xfe odd name\n"
                                    b"zzzz  usr/bin/x\n\n0123456789abcdef0123456789abcdef\n",
    "/etc/systemd/system/x.service": b"[Service]\nExecStart=/bin/echo \xff\xfe\n",
}


def test_malformed_input_gives_errors_and_the_run_goes_on(tree, run_collect):
    db = run_collect(tree(MALFORMED), only=SYSTEM)
    errors = {(e["collector"], e["path"], e["line"]) for e in db["errors"].rows}
    assert {("accounts", "/etc/passwd", 2), ("accounts", "/etc/passwd", 3), ("accounts", "/etc/group", 2),
            ("accounts", "/etc/sudoers", 2), ("cron_jobs", "/etc/crontab", 2),
            ("packages", "/var/lib/dpkg/info/a.md5sums", 2), ("packages", "/var/lib/dpkg/info/a.md5sums", 3),
            ("packages", "/var/lib/dpkg/info/a.md5sums", 4),
            ("persistence", "/etc/systemd/system/x.service", 2)} <= errors
    assert [r["name"] for r in db["users"].rows] == ["root", "alice"]
    assert [r["principal"] for r in db["sudoers"].rows] == ["root", "%sudo"]
    assert [r["command"] for r in db["cron_jobs"].rows if r["kind"] == "system"][-1] == "/bin/true"
    assert any(r["path"] == "/usr/bin/\\xff\\xfe odd name" for r in db["package_files"].rows)
    assert next(db["persistence"].rows_where("name = 'x.service'"))["detail"] == \
        '{"ExecStart": "/bin/echo \\\\xff\\\\xfe"}'
    statuses = {r["collector"]: r["status"] for r in db["run_collectors"].rows}
    assert set(statuses.values()) == {"done"}, statuses
