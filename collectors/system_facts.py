"""system_facts: what the box was: OS release, host name, time zone, file
systems, network set-up, name resolution and installed kernels.

The rebuild team needs the OS and kernels to rebuild at; log parsers need the
image's time zone; fstab says whether a separate /var or /home belongs to the
image and is missing from what was mounted (then logs and homes are not
there: the collection is incomplete). /etc/hosts entries beyond localhost can
redirect updates or security vendors; resolv.conf says which resolver saw
the box's lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from triage import imagefacts
from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import config_lines, flags_json, read_lines
from triage.text import display

ORDER = 5
PSEUDO_FS = {"proc", "sysfs", "tmpfs", "devpts", "swap", "none", "devtmpfs", "cgroup", "cgroup2", "securityfs",
             "debugfs", "mqueue", "hugetlbfs", "efivarfs", "binfmt_misc", "nfs", "nfs4", "cifs", "fuse",
             "autofs", "ramfs", "squashfs"}
LOCAL_NAMES = {"localhost", "localhost.localdomain", "localhost4", "localhost6", "ip6-localhost",
               "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters",
               "localhost4.localdomain4", "localhost6.localdomain6"}


def _fact(key: str, value: Any, source: str | None = None, line: int | None = None,
          flags: list[str] | None = None) -> dict[str, Any]:
    return {"source": display(source) if source else None, "line": line, "key": key,
            "value": display(str(value)) if value is not None else None, "flags": flags_json(flags or [])}


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    yield from _os_release(evidence)
    yield from _hostname(evidence)
    yield from _timezone(evidence)
    yield from _fstab(evidence)
    yield from _network(evidence)
    yield from _hosts(evidence)
    yield from _resolv(evidence)
    yield from _kernels(evidence)


def _os_release(evidence: Evidence) -> Iterator[Any]:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        if evidence.is_file(path):
            for item in read_lines(evidence, path):
                if isinstance(item, Error):
                    yield item
                    break
                number, line = item
                key, eq, value = line.partition("=")
                if eq and re.match(r"^[A-Z_0-9]+$", key):
                    yield _fact(f"os.{key.lower()}", value.strip().strip("\"'"), path, number)
            break
    for path in ("/etc/debian_version", "/etc/redhat-release", "/etc/alpine-release"):
        if evidence.is_file(path):
            try:
                yield _fact(f"os.{path.rsplit('/', 1)[-1].replace('-', '_')}",
                            evidence.read_text(path, 256).strip(), path, 1)
            except EvidenceError as exc:
                yield Error.of(exc)


def _hostname(evidence: Evidence) -> Iterator[Any]:
    for path in ("/etc/hostname", "/etc/HOSTNAME"):
        if evidence.is_file(path):
            try:
                yield _fact("hostname", evidence.read_text(path, 256).strip(), path, 1)
            except EvidenceError as exc:
                yield Error.of(exc)
            return


def _timezone(evidence: Evidence) -> Iterator[Any]:
    info = imagefacts.localtime_info(evidence)
    zone = imagefacts.timezone(evidence)
    flags = []
    if info["etc_timezone"] and info["localtime_zone"] and info["etc_timezone"] != info["localtime_zone"]:
        flags.append("/etc/timezone and /etc/localtime disagree: /etc/localtime is what programs used")
    yield _fact("timezone", zone, "/etc/localtime", None, flags)
    if info["etc_timezone"]:
        yield _fact("timezone.etc_timezone", info["etc_timezone"], "/etc/timezone", 1)
    if info["localtime_link"]:
        yield _fact("timezone.localtime_link", info["localtime_link"], "/etc/localtime")
    if info["localtime_tz"]:
        yield _fact("timezone.posix_rule", info["localtime_tz"], "/etc/localtime")


def _fstab(evidence: Evidence) -> Iterator[Any]:
    path = "/etc/fstab"
    if not evidence.is_file(path):
        return
    for item in config_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, text = item
        f = text.split()
        if len(f) < 3:
            yield Error(path, f"not an fstab line: {display(text[:100])}", number)
            continue
        spec, point, fstype = f[0], f[1].replace("\\040", " "), f[2]
        flags = []
        if point.startswith("/") and point != "/" and fstype not in PSEUDO_FS and "noauto" not in (f[3:4] or [""])[0]:
            try:
                empty = evidence.is_dir(point) and not evidence.listdir(point)
            except EvidenceError:
                empty = True
            if empty or not evidence.exists(point):
                flags.append(f"{point} was a separate file system ({fstype}) and is absent or empty in this "
                             "image: its files were not collected; image that device too")
        yield _fact("fstab", f"{spec} {point} {fstype} {' '.join(f[3:])}".strip(), path, number, flags)


def _network(evidence: Evidence) -> Iterator[Any]:
    files = ["/etc/network/interfaces", *evidence.glob("/etc/network/interfaces.d/*"),
             *evidence.glob("/etc/netplan/*.yaml"), *evidence.glob("/etc/sysconfig/network-scripts/ifcfg-*"),
             *evidence.glob("/etc/systemd/network/*.network"),
             *evidence.glob("/etc/NetworkManager/system-connections/*")]
    secret = re.compile(r"(?i)(psk|password|secret|key)\s*[:=]")
    for path in files:
        if not evidence.is_file(path):
            continue
        for item in config_lines(evidence, path):
            if isinstance(item, Error):
                yield item
                break
            number, text = item
            hidden = secret.search(text)
            if hidden:
                text = f"{text[:hidden.start()]}{hidden.group(1)}= (value not stored)"
            if re.search(r"(?i)\b(address|gateway|dns|nameservers?|iface|ipaddr|netmask|prefix|bootproto|"
                         r"dhcp4?|dhcp6|method|addresses|routes|via|interface-name|type)\b", text):
                yield _fact("network", text, path, number)


def _hosts(evidence: Evidence) -> Iterator[Any]:
    path = "/etc/hosts"
    if not evidence.is_file(path):
        return
    try:
        hostname = evidence.read_text("/etc/hostname", 256).strip()
    except EvidenceError:
        hostname = ""
    for item in config_lines(evidence, path, inline_comments=True):
        if isinstance(item, Error):
            yield item
            return
        number, text = item
        f = text.split()
        names = [n for n in f[1:] if n.lower() not in LOCAL_NAMES and n.split(".")[0] != hostname.split(".")[0]]
        if not names:
            continue
        flags = []
        if re.match(r"^(?:127\.|0\.0\.0\.0$|::1?$)", f[0]) and any("." in n for n in names):
            flags.append("a public name sent to this host or nowhere (blocks updates or security vendors?)")
        yield _fact("hosts", text, path, number, flags)


def _resolv(evidence: Evidence) -> Iterator[Any]:
    path = "/etc/resolv.conf"
    try:
        link = evidence.readlink(path) if evidence.lstat(path).kind == "symlink" else None
    except EvidenceError:
        return
    if link:
        yield _fact("resolv.link", link, path)
    if not evidence.is_file(path):
        return
    for item in read_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, line = item
        f = line.split()
        if f and f[0] in ("nameserver", "search", "domain", "options"):
            yield _fact(f"resolv.{f[0]}", " ".join(f[1:]), path, number)


def _kernels(evidence: Evidence) -> Iterator[Any]:
    for path in evidence.glob("/boot/vmlinuz-*"):
        yield _fact("kernel.image", path.rsplit("/", 1)[-1][len("vmlinuz-"):], path)
    for path in evidence.glob("/lib/modules/*"):
        if evidence.is_dir(path):
            yield _fact("kernel.modules", path.rsplit("/", 1)[-1], path)
