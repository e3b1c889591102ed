"""The sample's package database and package logs (issue 3).

dpkg's md5sums must hold the md5 of the files as the package shipped them,
so they are computed here from the tree, except where the story says a file
was replaced after install (the trojaned /bin/ps, an edited MariaDB config):
there the package's md5 is of the original content, so the check finds them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

# package -> (version, plain files, conffiles) as image paths
PACKAGES: dict[str, tuple[str, list[str], list[str]]] = {
    "base-files": ("10.3+deb10u13", [], ["/etc/profile", "/etc/update-motd.d/10-uname"]),
    "coreutils": ("8.30-3", ["/bin/ls"], []),
    "procps": ("2:3.3.15-2", ["/bin/ps"], []),
    "apache2": ("2.4.38-3+deb10u10", ["/lib/systemd/system/apache2.service"],
                ["/etc/init.d/apache2", "/etc/logrotate.d/apache2"]),
    "cron": ("3.0pl1-134+deb10u1", ["/lib/systemd/system/cron.service"], ["/etc/crontab"]),
    "logrotate": ("3.14.0-4", ["/lib/systemd/system/logrotate.timer", "/lib/systemd/system/logrotate.service"],
                  ["/etc/cron.daily/logrotate"]),
    "anacron": ("2.3-28", [], ["/etc/anacrontab"]),
    "php7.3-common": ("7.3.31-1~deb10u5", [], ["/etc/cron.d/php"]),
    "mariadb-server-10.3": ("1:10.3.39-0+deb10u2", ["/lib/systemd/system/mariadb.service"],
                            ["/etc/mysql/mariadb.conf.d/50-server.cnf"]),
    "mariadb-common": ("1:10.3.39-0+deb10u2", [], ["/etc/mysql/my.cnf"]),
    "bash-completion": ("1:2.8-6", [], ["/etc/profile.d/bash_completion.sh"]),
    "sudo": ("1.8.27-1+deb10u6", [], ["/etc/sudoers"]),
    "libpam-modules": ("1.3.1-5", ["/lib/x86_64-linux-gnu/security/pam_unix.so",
                                   "/lib/x86_64-linux-gnu/security/pam_deny.so",
                                   "/lib/x86_64-linux-gnu/security/pam_permit.so",
                                   "/lib/x86_64-linux-gnu/security/pam_exec.so"], []),
    "openssh-server": ("1:7.9p1-10+deb10u4", [], ["/etc/pam.d/sshd"]),
    "udev": ("241-7~deb10u10", ["/lib/udev/rules.d/60-persistent-storage.rules"], []),
    "linux-image-5.10.0-28-amd64": ("5.10.209-2", ["/boot/vmlinuz-5.10.0-28-amd64"], []),
    "netcat-traditional": ("1.10-41.1", [], []),
}
# What the package shipped where the image now holds something else.
ORIGINAL = {
    "/bin/ps": b"\x7fELF\x02\x01\x01ps genuine",
    "/etc/mysql/mariadb.conf.d/50-server.cnf": b"[mysqld]\nuser = mysql\ndatadir = /var/lib/mysql\n",
}


def _md5(root: Path, path: str) -> str:
    data = ORIGINAL.get(path)
    if data is None:
        data = (root / path.lstrip("/")).read_bytes()
    return hashlib.md5(data).hexdigest()


def _parents(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts))]


def generate(root: Path) -> None:
    info = root / "var/lib/dpkg/info"
    info.mkdir(parents=True, exist_ok=True)
    stanzas = []
    for name, (version, files, conffiles) in PACKAGES.items():
        listed: list[str] = ["/."]
        for path in files + conffiles:
            for parent in _parents(path):
                if parent not in listed:
                    listed.append(parent)
            listed.append(path)
        (info / f"{name}.list").write_text("\n".join(listed) + "\n")
        if files:
            (info / f"{name}.md5sums").write_text(
                "".join(f"{_md5(root, p)}  {p.lstrip('/')}\n" for p in files))
        stanza = [f"Package: {name}", "Status: install ok installed", "Priority: optional",
                  "Architecture: amd64", f"Version: {version}"]
        if conffiles:
            stanza.append("Conffiles:")
            stanza += [f" {p} {_md5(root, p)}" for p in conffiles]
        stanza.append(f"Description: {name} (sample)")
        stanzas.append("\n".join(stanza))
    (root / "var/lib/dpkg/status").write_text("\n\n".join(stanzas) + "\n")

    logs = root / "var/log"
    (logs / "apt").mkdir(parents=True, exist_ok=True)
    (logs / "dpkg.log").write_text(
        "2024-03-01 06:25:01 startup archives unpack\n"
        "2024-03-02 03:20:11 install netcat-traditional:amd64 <none> 1.10-41.1\n"
        "2024-03-02 03:20:11 status half-installed netcat-traditional:amd64 1.10-41.1\n"
        "2024-03-02 03:20:12 configure netcat-traditional:amd64 1.10-41.1 <none>\n"
        "2024-03-02 03:20:12 status installed netcat-traditional:amd64 1.10-41.1\n")
    with gzip.open(logs / "dpkg.log.2.gz", "wt") as fh:
        fh.write("2022-05-10 07:40:00 install apache2:amd64 <none> 2.4.38-3+deb10u7\n"
                 "2022-05-10 07:40:02 status installed apache2:amd64 2.4.38-3+deb10u7\n")
    (logs / "apt/history.log").write_text(
        "\nStart-Date: 2024-03-02  03:20:05\n"
        "Commandline: apt-get install -y netcat-traditional\n"
        "Install: netcat-traditional:amd64 (1.10-41.1)\n"
        "End-Date: 2024-03-02  03:20:12\n")
    with gzip.open(logs / "apt/history.log.1.gz", "wt") as fh:
        fh.write("\nStart-Date: 2023-11-20  10:02:11\n"
                 "Commandline: apt-get upgrade\n"
                 "Requested-By: alice (1000)\n"
                 "Upgrade: apache2:amd64 (2.4.38-3+deb10u7, 2.4.38-3+deb10u10), "
                 "mariadb-server-10.3:amd64 (1:10.3.36-0+deb10u2, 1:10.3.39-0+deb10u2)\n"
                 "End-Date: 2023-11-20  10:02:40\n")
    os.makedirs(root / "srv", exist_ok=True)  # the mount point of a file system not in the image
