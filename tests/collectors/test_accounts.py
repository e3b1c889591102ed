"""accounts: passwd/shadow/group/gshadow and sudoers, on tiny trees."""

from __future__ import annotations

import json

from triage.evidence import Evidence

PASSWD = (
    "root:x:0:0:root:/root:/bin/bash\r\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "toor:x:0:0::/root:/bin/sh\n"
    "www-data:x:33:33:www-data:/var/www:/bin/bash\n"
    "nopw::1001:1001::/home/nopw:/bin/bash\n"
    "inline:$1$abc$defghijklmnopqrstuvwx.:1002:1002::/home/inline:/bin/bash\n"
    "short:x:1003\n"
    "bad\x00\x01\xff\xfe:x:1004:1004::/:/bin/sh\n"
    "baduid:x:notanumber:1:::\n"
    "+::::::\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
)
SHADOW = (
    "root:$6$salt$hash:19000:0:99999:7:::\n"
    "toor:$y$j9T$salt$hash:19000::::::\n"
    "www-data:*:18900:0:99999:7:::\n"
    "alice:!$6$salt$hash:19000:0:99999:7::20000:\n"
    "daemon:!:18900::::::\n"
)


def rows(db, table):
    return {r["name"]: r for r in db[table].rows}


def test_users_parse_shadow_and_flags(tree, run_collect):
    root = tree({"/etc/passwd": PASSWD, "/etc/shadow": SHADOW,
                 "/etc/group": "root:x:0:\nsudo:x:27:alice\nwheel:x:0:alice\nbroken\n",
                 "/etc/gshadow": "sudo:$6$x$y:alice:alice\n"})
    db = run_collect(root, only=["accounts"])
    users = rows(db, "users")
    assert set(users) == {"root", "daemon", "toor", "www-data", "nopw", "inline", "baduid", "alice"}
    assert users["root"]["hash_scheme"] == "sha512crypt" and users["root"]["password_state"] == "set"
    assert users["root"]["last_change"] == "2022-01-08" and users["root"]["max_days"] == 99999
    assert users["toor"]["hash_scheme"] == "yescrypt"
    assert users["alice"]["password_state"] == "locked (hash kept)" and users["alice"]["expires"] == "2024-10-04"
    assert users["daemon"]["password_state"] == "locked"
    assert users["www-data"]["password_state"] == "disabled"
    assert json.loads(users["root"]["flags"]) == []  # the other uid-0 account carries the flags
    assert json.loads(users["toor"]["flags"]) == ["uid 0 (root's powers) on an account not named root",
                                                  "uid 0 shared with root"]
    assert json.loads(users["www-data"]["flags"]) == ["system account (uid 33 < 1000) with a login shell /bin/bash"]
    assert json.loads(users["nopw"]["flags"]) == ["empty password field in /etc/passwd: logs in without a password"]
    assert json.loads(users["inline"]["flags"]) == ["password hash in /etc/passwd itself (shadow bypassed)"]
    assert users["inline"]["hash_scheme"] == "md5crypt"
    assert json.loads(users["alice"]["flags"]) == [] and json.loads(users["daemon"]["flags"]) == []
    assert users["baduid"]["uid"] is None
    errors = {(e["path"], e["line"]): e["what"] for e in db["errors"].rows}
    assert "3 fields, expected 7" in errors[("/etc/passwd", 7)]
    assert "binary or control bytes" in errors[("/etc/passwd", 8)]
    assert "is not a number" in errors[("/etc/passwd", 9)]
    assert "expected 4" in errors[("/etc/group", 4)]
    groups = rows(db, "groups")
    assert groups["sudo"]["members"] == "alice" and groups["sudo"]["admins"] == "alice"
    assert json.loads(groups["sudo"]["flags"]) == ["group password set (newgrp lets anyone with it join)"]
    assert "members in gid 0: alice" in json.loads(groups["wheel"]["flags"])


def test_recent_password_change_is_relative_to_the_shadow_file(tree, run_collect):
    import os

    root = tree({"/etc/passwd": "root:x:0:0::/root:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n",
                 "/etc/shadow": "root:$6$a$b:19000:0:99999:7:::\nbob:$6$a$b:19780:0:99999:7:::\n"})
    ts = 19784 * 86400 + 3600
    os.utime(root / "etc/shadow", (ts, ts))
    users = rows(run_collect(root, only=["accounts"]), "users")
    assert json.loads(users["bob"]["flags"]) == [
        "password changed 2024-02-27, within 30 days of the last change to /etc/shadow (2024-03-02)"]
    assert json.loads(users["root"]["flags"]) == []


SUDOERS = (
    "Defaults\tenv_reset\n"
    "Defaults:deploy !authenticate\n"
    "root\tALL=(ALL:ALL) ALL\n"
    "%sudo\tALL=(ALL:ALL) ALL\n"
    "User_Alias OPS = bob, carol\n"
    "OPS ALL = (root) NOPASSWD: /usr/bin/vim, \\\n   /usr/bin/systemctl\n"
    "this is not sudoers syntax\n"
    "badrunas ALL=(root NOPASSWD: ALL\n"
    "#includedir /etc/sudoers.d\n"
    "@include extra\n"
)


def test_sudoers_includes_continuations_and_syntax_errors(tree, run_collect):
    root = tree({"/etc/sudoers": SUDOERS,
                 "/etc/sudoers.d/planted": "www-data ALL=(ALL) NOPASSWD:ALL\n",
                 "/etc/sudoers.d/old.dpkg-old": "eve ALL=(ALL) ALL\n",
                 "/etc/sudoers.d/backup~": "eve ALL=(ALL) ALL\n",
                 "/etc/extra": "mallory ALL=(ALL) ALL\n@include /etc/extra\n"})
    db = run_collect(root, only=["accounts"])
    got = {(r["source"], r["line"]): (r["principal"], r["commands"], json.loads(r["flags"]))
           for r in db["sudoers"].rows}
    assert got[("/etc/sudoers", 3)] == ("root", "ALL", [])
    assert got[("/etc/sudoers", 4)] == ("%sudo", "ALL", [])
    assert got[("/etc/sudoers", 2)][2] == ["Defaults !authenticate: sudo asks nobody for a password"]
    assert got[("/etc/sudoers", 6)] == ("OPS", "/usr/bin/vim, /usr/bin/systemctl", [
        "NOPASSWD on a program that gives a root shell: /usr/bin/vim"])
    assert got[("/etc/sudoers.d/planted", 1)][2] == [
        "NOPASSWD for ALL commands: root without a password",
        "ALL commands for www-data (not one of the stock admin rules)"]
    assert got[("/etc/extra", 1)][2] == ["ALL commands for mallory (not one of the stock admin rules)"]
    assert not any(v[0] == "eve" for v in got.values())
    errors = {(e["path"], e["line"]) for e in db["errors"].rows if "sudoers" in e["path"]}
    assert errors == {("/etc/sudoers", 8), ("/etc/sudoers", 9)}


def test_missing_account_files_are_said_plainly(tree, run_collect):
    db = run_collect(tree({"/etc/hostname": "x\n"}), only=["accounts"])
    assert db["users"].count == 0
    assert {(e["path"], e["what"]) for e in db["errors"].rows} == {
        ("/etc/passwd", "No such file or directory"),
        ("/etc/group", "No such file or directory")}
    assert Evidence(tree()).user_names() == {}
