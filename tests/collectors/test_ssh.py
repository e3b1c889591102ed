"""ssh: keys for every home, fingerprints as ssh-keygen prints them, sshd_config."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from triage.collectors.ssh import parse_key_line

PASSWD = ("root:x:0:0:root:/root:/bin/bash\n"
          "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
          "alice:x:1000:1000::/home/alice:/bin/bash\n")


def _keygen(tmp_path: Path, kind: str, bits: str | None, comment: str) -> tuple[str, str]:
    """(public key line, `ssh-keygen -lf` output) for a fresh key."""
    key = tmp_path / f"k_{kind}_{bits}_{len(list(tmp_path.glob('k_*.pub')))}"
    cmd = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", comment, "-f", str(key)]
    if bits:
        cmd[4:4] = ["-b", bits]
    subprocess.run(cmd, check=True)
    printed = subprocess.run(["ssh-keygen", "-lf", f"{key}.pub"], check=True, capture_output=True, text=True)
    return (Path(f"{key}.pub").read_text().strip(), printed.stdout.strip())


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed (openssh-client)")
@pytest.mark.parametrize("kind,bits", [("ed25519", None), ("rsa", "2048"), ("rsa", "3072"), ("ecdsa", "256"),
                                       ("ecdsa", "384"), ("ecdsa", "521")])
def test_fingerprint_and_type_match_ssh_keygen(tmp_path, kind, bits):
    line, printed = _keygen(tmp_path, kind, bits, "me@host")
    key = parse_key_line('command="echo hi there",no-pty ' + line)
    size, fp, *_rest = printed.split()
    assert key["fingerprint"] == fp
    assert f"({key['key_type']})" == printed.split()[-1]
    assert str(key["bits"]) == size
    assert key["options"] == 'command="echo hi there",no-pty'
    assert key["comment"] == "me@host"


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed (openssh-client)")
def test_keys_in_every_home_with_flags(tree, run_collect, tmp_path):
    admin, _ = _keygen(tmp_path, "ed25519", None, "alice@laptop")
    evil, evil_print = _keygen(tmp_path, "ed25519", None, "")
    other, _ = _keygen(tmp_path, "rsa", "2048", "ops")
    root = tree({
        "/etc/passwd": PASSWD,
        "/etc/ssh/sshd_config": "AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys2 /etc/ssh/keys/%u\n"
                                "PermitRootLogin prohibit-password\nPasswordAuthentication yes\n"
                                "Match Address 10.0.0.0/8\n  PermitRootLogin yes\n",
        "/home/alice/.ssh/authorized_keys": admin + "\r\n# comment\n\nnot a key at all\n",
        "/var/www/.ssh/authorized_keys": evil + "\n",
        "/root/.ssh/authorized_keys2": f'from="203.0.113.9" {evil}\n',
        "/etc/ssh/keys/alice": other + "\n",
        "/home/olduser/.ssh/authorized_keys": other + "\n",
    })
    db = run_collect(root, only=["ssh"])
    got = {(r["user"], r["source"], r["line"]): json.loads(r["flags"])
           for r in db["ssh_keys"].rows if r["kind"] == "authorized_key"}
    evil_fp = evil_print.split()[1]
    assert got == {
        ("alice", "/home/alice/.ssh/authorized_keys", 1): [],
        ("www-data", "/var/www/.ssh/authorized_keys", 1): [
            "key for service account www-data (uid 33): such accounts log in by key only when someone put it there",
            "same key also authorized for root"],
        ("root", "/root/.ssh/authorized_keys2", 1): ["authorized_keys2: a legacy file admins forget to check",
                                                      "same key also authorized for www-data"],
        ("alice", "/etc/ssh/keys/alice", 1): ["AuthorizedKeysFile is non-standard (/etc/ssh/keys/%u)",
                                              "same key also authorized for olduser"],
        ("olduser", "/home/olduser/.ssh/authorized_keys", 1): ["same key also authorized for alice"],
    }
    www = next(r for r in db["ssh_keys"].rows if r["user"] == "www-data")
    assert www["fingerprint"] == evil_fp and www["key_type"] == "ED25519 256" and www["mtime"]
    assert [(e["path"], e["line"]) for e in db["errors"].rows] == [("/home/alice/.ssh/authorized_keys", 4)]
    cfg = {(r["keyword"], r["match"]): json.loads(r["flags"]) for r in db["sshd_config"].rows}
    assert cfg[("PermitRootLogin", None)] == []
    assert cfg[("PermitRootLogin", "Address 10.0.0.0/8")] == ["root may log in with a password"]
    assert cfg[("AuthorizedKeysFile", None)] == ["keys are read from a non-standard place"]


def test_a_keys_file_set_only_inside_a_match_block_is_read(tree, run_collect, tmp_path):
    admin, _ = _keygen(tmp_path, "ed25519", None, "alice@laptop")
    planted, _ = _keygen(tmp_path, "ed25519", None, "")
    root = tree({
        "/etc/passwd": PASSWD,
        "/etc/ssh/sshd_config": "PasswordAuthentication no\n"
                                "Match User www-data\n  AuthorizedKeysFile /var/tmp/.k/%u .ssh/authorized_keys\n",
        "/home/alice/.ssh/authorized_keys": admin + "\n",
        "/var/tmp/.k/www-data": planted + "\n",
    })
    db = run_collect(root, only=["ssh"])
    got = {(r["user"], r["source"]): json.loads(r["flags"])
           for r in db["ssh_keys"].rows if r["kind"] == "authorized_key"}
    assert got == {
        ("alice", "/home/alice/.ssh/authorized_keys"): [],
        ("www-data", "/var/tmp/.k/www-data"): [
            "key for service account www-data (uid 33): such accounts log in by key only when someone put it there",
            "read through AuthorizedKeysFile in 'Match User www-data' (/var/tmp/.k/%u)"],
    }


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed (openssh-client)")
def test_private_keys_known_hosts_and_rc(tree, run_collect, tmp_path):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "plain")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(tmp_path / "locked")], check=True)
    fp = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / "plain.pub")], capture_output=True, text=True,
                        check=True).stdout.split()[1]
    pub = (tmp_path / "plain.pub").read_text().split()
    root = tree({
        "/etc/passwd": PASSWD,
        "/root/.ssh/id_ed25519": (tmp_path / "plain").read_bytes(),
        "/root/.ssh/deploy_key": (tmp_path / "locked").read_bytes(),
        "/root/.ssh/known_hosts": f"db01.internal,10.0.0.5 {pub[0]} {pub[1]}\n|1|abc=|def= {pub[0]} {pub[1]}\n",
        "/root/.ssh/rc": "/tmp/x &\n",
        "/root/.ssh/config": "Host *\n",
    })
    db = run_collect(root, only=["ssh"])
    by = {(r["kind"], r["source"], r["line"]): r for r in db["ssh_keys"].rows}
    plain = by[("private_key", "/root/.ssh/id_ed25519", 1)]
    assert plain["options"] == "not encrypted" and plain["fingerprint"] == fp and plain["key_type"] == "ED25519 256"
    assert by[("private_key", "/root/.ssh/deploy_key", 1)]["options"] == "encrypted"
    assert by[("known_host", "/root/.ssh/known_hosts", 1)]["comment"] == "db01.internal,10.0.0.5"
    assert by[("known_host", "/root/.ssh/known_hosts", 2)]["comment"] == "(hashed host)"
    assert json.loads(by[("ssh_rc", "/root/.ssh/rc", None)]["flags"]) == [
        "~/.ssh/rc runs at every SSH login of this user"]
    assert not any(r["source"] == "/root/.ssh/config" for r in db["ssh_keys"].rows)
