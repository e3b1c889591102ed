"""system_facts: OS, host, zone, fstab (with absent file systems), network."""

from __future__ import annotations

import json
import os


def test_facts_and_warnings(tree, run_collect):
    root = tree({
        "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
        "/etc/debian_version": "12.5\n",
        "/etc/hostname": "web01\n",
        "/etc/timezone": "Europe/Berlin\n",
        "/etc/fstab": "# comment\nUUID=a / ext4 errors=remount-ro 0 1\nUUID=b /home ext4 defaults 0 2\n"
                      "UUID=c /var/log ext4 defaults 0 2\nUUID=d /mnt/backup ext4 noauto 0 0\n"
                      "tmpfs /tmp tmpfs defaults 0 0\nbroken\n",
        "/home/alice/.profile": "x\n",
        "/etc/hosts": "127.0.0.1 localhost\n127.0.1.1 web01.example.com web01\n10.0.0.5 db01\n"
                      "0.0.0.0 update.eset.com # blocked\n::1 localhost ip6-localhost\n",
        "/etc/resolv.conf": "# generated\nnameserver 10.0.0.2\nsearch example.com\n",
        "/etc/network/interfaces": "auto eth0\niface eth0 inet static\n  address 192.0.2.10/24\n"
                                   "  wpa-psk supersecret\n",
        "/etc/NetworkManager/system-connections/wifi.nmconnection": "[wifi-security]\npsk=supersecret\n"
                                                                    "[ipv4]\nmethod=auto\n",
        "/boot/vmlinuz-6.1.0-18-amd64": "k",
        "/lib/modules/6.1.0-18-amd64/modules.dep": "",
    })
    (root / "var/log").mkdir(parents=True)
    os.symlink("/usr/share/zoneinfo/Europe/Berlin", root / "etc/localtime")
    db = run_collect(root, only=["system_facts"])
    facts = [(r["key"], r["value"], json.loads(r["flags"])) for r in db["system_facts"].rows]
    by = {}
    for k, v, f in facts:
        by.setdefault(k, []).append((v, f))
    assert by["os.pretty_name"] == [("Debian GNU/Linux 12 (bookworm)", [])]
    assert by["os.debian_version"] == [("12.5", [])]
    assert by["hostname"] == [("web01", [])]
    assert by["timezone"] == [("Europe/Berlin", [])]
    fstab = dict(by["fstab"])
    assert fstab["UUID=a / ext4 errors=remount-ro 0 1"] == []
    assert fstab["UUID=b /home ext4 defaults 0 2"] == []
    assert fstab["UUID=c /var/log ext4 defaults 0 2"] == [
        "/var/log was a separate file system (ext4) and is absent or empty in this image: its files were not "
        "collected; image that device too"]
    assert fstab["UUID=d /mnt/backup ext4 noauto 0 0"] == []
    assert by["hosts"] == [("10.0.0.5 db01", []), ("0.0.0.0 update.eset.com", [
        "a public name sent to this host or nowhere (blocks updates or security vendors?)"])]
    assert by["resolv.nameserver"] == [("10.0.0.2", [])]
    assert by["kernel.image"] == [("6.1.0-18-amd64", [])] and by["kernel.modules"] == [("6.1.0-18-amd64", [])]
    network = [v for v, _ in by["network"]]
    assert "address 192.0.2.10/24" in network
    assert all("supersecret" not in v for v, _f in (x for vals in by.values() for x in vals))
    assert [(e["path"], e["line"]) for e in db["errors"].rows] == [("/etc/fstab", 7)]
