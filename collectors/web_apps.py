"""web_apps: the web applications on the box, with every plugin, theme and library version.

Looks under every document root and alias target from url_map, and the
conventional places (/var/www, /srv, /usr/share/<app>, /home/*/public_html,
Tomcat's webapps). Finds WordPress (core, each plugin and theme: header
Version and readme Stable tag), Drupal 7 and 8+, Joomla, phpBB, MediaWiki,
phpMyAdmin, Magento 1 and 2, Nextcloud/ownCloud, Roundcube, DokuWiki,
Moodle, composer.lock and package-lock.json packages, Tomcat webapps.
Why a responder cares: the way in is usually a known hole in one of these at
one version; the URL prefixes say where the attacker would have hit it, and
`package` says when Debian's dpkg put it there (so updates came from apt).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.text import display
from triage.urlmap import UrlMap

ORDER = 30
HEAD = 64 * 1024
MAX_DEPTH = 3
MAX_DIRS = 20_000
SHARE_APPS = (
    "wordpress",
    "phpmyadmin",
    "roundcube",
    "roundcubemail",
    "dokuwiki",
    "mediawiki",
    "moodle",
    "drupal7",
    "drupal",
    "nextcloud",
    "owncloud",
    "phpbb3",
    "joomla",
    "magento",
    "tomcat9",
    "tomcat8",
)
DPKG_APPS = (
    "wordpress",
    "phpmyadmin",
    "roundcube-core",
    "dokuwiki",
    "mediawiki",
    "moodle",
    "drupal7",
    "phpbb3",
    "nextcloud",
    "owncloud",
    "tomcat9",
    "tomcat8",
    "tomcat10",
    "php-getid3",
)

# (app, marker file relative to the app root, version regex over its head)
MARKERS: list[tuple[str, str, str]] = [
    ("wordpress", "wp-includes/version.php", r"\$wp_version\s*=\s*['\"]([^'\"]+)"),
    ("drupal", "core/lib/Drupal.php", r"const\s+VERSION\s*=\s*['\"]([^'\"]+)"),
    ("drupal", "includes/bootstrap.inc", r"define\(\s*['\"]VERSION['\"]\s*,\s*['\"]([^'\"]+)"),
    ("joomla", "administrator/manifests/files/joomla.xml", r"<version>([^<]+)</version>"),
    (
        "joomla",
        "libraries/src/Version.php",
        r"MAJOR_VERSION\s*=\s*(\d+);.*?MINOR_VERSION\s*=\s*(\d+);.*?PATCH_VERSION\s*=\s*(\d+);",
    ),
    (
        "joomla",
        "libraries/cms/version/version.php",
        r"\$RELEASE\s*=\s*'([^']+)'.*?\$DEV_LEVEL\s*=\s*'([^']+)'",
    ),
    ("phpbb", "includes/constants.php", r"define\(\s*'PHPBB_VERSION'\s*,\s*'([^']+)'"),
    ("mediawiki", "includes/Defines.php", r"define\(\s*'MW_VERSION'\s*,\s*'([^']+)'"),
    ("mediawiki", "includes/DefaultSettings.php", r"\$wgVersion\s*=\s*'([^']+)'"),
    ("phpmyadmin", "libraries/classes/Version.php", r"VERSION\s*=\s*'([^']+)'"),
    ("phpmyadmin", "libraries/Config.class.php", r"'PMA_VERSION'\s*,\s*'([^']+)'"),
    ("phpmyadmin", "libraries/Config.php", r"'PMA_VERSION'\s*,\s*'([^']+)'"),
    ("phpmyadmin", "README", r"phpMyAdmin.*?Version\s+(\d[\w.\-]+)"),
    (
        "magento",
        "app/Mage.php",
        r"'major'\s*=>\s*'(\d+)'.*?'minor'\s*=>\s*'(\d+)'.*?'revision'\s*=>\s*'(\d+)'.*?'patch'\s*=>\s*'(\d+)'",
    ),
    ("magento", "app/etc/di.xml", r"(?!)"),
    ("nextcloud", "version.php", r"\$OC_VersionString\s*=\s*'([^']+)'"),
    ("roundcube", "program/include/iniset.php", r"define\(\s*'RCMAIL_VERSION'\s*,\s*'([^']+)'"),
    ("roundcube", "program/lib/Roundcube/bootstrap.php", r"define\(\s*'RCUBE_VERSION'\s*,\s*'([^']+)'"),
    ("dokuwiki", "doku.php", r"(?!)"),
    ("moodle", "version.php", r"\$release\s*=\s*'([^']+)'"),
]


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    vhosts = ctx.query("SELECT * FROM vhosts ORDER BY id")
    routes = ctx.query("SELECT * FROM url_map ORDER BY id")
    urlmap = UrlMap.from_rows(vhosts, routes)
    tops = [r["path"] for r in routes if r["kind"] != "alias_match"]
    tops += ["/var/www", "/srv", "/opt"] + evidence.glob("/home/*/public_html")
    tops += [f"/usr/share/{a}" for a in SHARE_APPS]
    tops += (
        evidence.glob("/var/lib/tomcat*/webapps")
        + evidence.glob("/opt/tomcat*/webapps")
        + evidence.glob("/usr/share/tomcat*/webapps")
    )
    owners = _dpkg_owners(evidence)
    found: set[tuple[str, str]] = set()
    for top in dict.fromkeys(tops):
        if not evidence.is_dir(top):
            continue
        for root in _candidate_dirs(evidence, top):
            for row in _detect(evidence, root):
                if isinstance(row, Error):
                    yield row
                    continue
                key = (row["app"] + row["component"] + (row["name"] or ""), row["root"])
                if key in found:
                    continue
                found.add(key)
                urls = sorted({u for _h, u, _r in urlmap.urls_for(row["root"])})
                row["url_prefixes"] = json.dumps(urls)
                row["package"] = owners.get(row["evidence"]) or owners.get(row["root"])
                row.setdefault("flags", json.dumps([]))
                yield row


def _candidate_dirs(evidence: Evidence, top: str) -> Iterator[str]:
    """top and its subdirectories to MAX_DEPTH, not descending into an app's own tree."""
    stack = [(top, 0)]
    seen = 0
    while stack:
        path, depth = stack.pop()
        seen += 1
        if seen > MAX_DIRS:
            return
        yield path
        if depth >= MAX_DEPTH or evidence.is_file(posixpath.join(path, "wp-includes/version.php")):
            continue
        try:
            names = evidence.listdir(path)
        except EvidenceError:
            continue
        for name in reversed(names):
            if name in ("node_modules", "vendor", "wp-content", ".git", "cache", "uploads"):
                continue
            sub = posixpath.join(path, name)
            try:
                st = evidence.lstat(sub)
            except EvidenceError:
                continue
            if st.kind == "dir":
                stack.append((sub, depth + 1))


def _head(evidence: Evidence, path: str) -> str | None:
    try:
        return evidence.read_text(path, limit=HEAD) if evidence.is_file(path) else None
    except EvidenceError:
        return None


def _row(
    app: str,
    component: str,
    name: str | None,
    version: str | None,
    root: str,
    evidence_path: str,
    flags: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "app": app,
        "component": component,
        "name": name,
        "version": version,
        "root": display(root),
        "evidence": display(evidence_path),
        "flags": json.dumps(flags or []),
    }


def _detect(evidence: Evidence, root: str) -> Iterator[dict[str, Any] | Error]:
    for app, rel, pattern in MARKERS:
        path = posixpath.join(root, rel)
        text = _head(evidence, path)
        if text is None:
            continue
        if app == "nextcloud" and "owncloud" in text.lower() and "nextcloud" not in text.lower():
            app = "owncloud"
        m = re.search(pattern, text, re.S)
        if m is None and posixpath.basename(rel) in ("version.php", "README", "constants.php", "Version.php"):
            continue  # a common file name: only a version in the app's own form says it is that app
        version = ".".join(g for g in m.groups() if g) if m else None
        if app == "dokuwiki":
            vt = _head(evidence, posixpath.join(root, "VERSION"))
            version = vt.strip().splitlines()[0] if vt and vt.strip() else None
            path = posixpath.join(root, "VERSION")
        if app == "magento" and rel.endswith("di.xml"):
            comp = _head(evidence, posixpath.join(root, "composer.json")) or ""
            vm = re.search(r'"version"\s*:\s*"([^"]+)"', comp)
            version = vm.group(1) if vm else None
            path = posixpath.join(root, "composer.json")
        yield _row(app, "core", app, version, root, path, [] if version else ["version not found"])
        if app == "wordpress":
            yield from _wordpress_parts(evidence, root)
        break
    yield from _lockfiles(evidence, root)
    if posixpath.basename(posixpath.dirname(root)) == "webapps" or root.endswith("/webapps"):
        yield from _tomcat(evidence, root)


_HEADER = re.compile(
    r"^[ \t/*#@]*(Plugin Name|Theme Name|Version|Stable tag)\s*:\s*(.+?)\s*(?:\*/)?$", re.M | re.I
)


def _headers(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _HEADER.finditer(text[:8192]):
        out.setdefault(m.group(1).lower(), m.group(2).strip())
    return out


def _wordpress_parts(evidence: Evidence, root: str) -> Iterator[dict[str, Any] | Error]:
    content = posixpath.join(root, "wp-content")
    for kind, folder in (("plugin", "plugins"), ("theme", "themes")):
        base = posixpath.join(content, folder)
        try:
            names = evidence.listdir(base)
        except EvidenceError:
            continue
        for name in names:
            d = posixpath.join(base, name)
            if not evidence.is_dir(d):
                if kind == "plugin" and name.endswith(".php"):  # single-file plugin (hello.php)
                    text = _head(evidence, d) or ""
                    h = _headers(text)
                    if "plugin name" in h:
                        yield _row("wordpress", "plugin", name[:-4], h.get("version"), d, d)
                continue
            version, source, flags = None, None, []
            if kind == "theme":
                h = _headers(_head(evidence, posixpath.join(d, "style.css")) or "")
                version, source = h.get("version"), posixpath.join(d, "style.css")
            else:
                try:
                    files = [f for f in evidence.listdir(d) if f.endswith(".php")]
                except EvidenceError:
                    files = []
                for f in sorted(files, key=lambda f: f != f"{name}.php"):
                    h = _headers(_head(evidence, posixpath.join(d, f)) or "")
                    if "plugin name" in h:
                        version, source = h.get("version"), posixpath.join(d, f)
                        break
            readme = posixpath.join(d, "readme.txt")
            stable = _headers(_head(evidence, readme) or "").get("stable tag")
            if version is None and stable:
                version, source = stable, readme
                flags.append("version from readme Stable tag only")
            elif stable and version and stable != version and stable.lower() != "trunk":
                flags.append(f"readme Stable tag {stable} differs from header {version}")
            if version is None:
                flags.append("no version header" if source else "no plugin header found")
            yield _row("wordpress", kind, name, version, d, source or d, flags)


def _lockfiles(evidence: Evidence, root: str) -> Iterator[dict[str, Any] | Error]:
    lock = posixpath.join(root, "composer.lock")
    if evidence.is_file(lock):
        try:
            data = json.loads(evidence.read_text(lock, limit=32 << 20))
            for pkg in data.get("packages", []) + data.get("packages-dev", []):
                if isinstance(pkg, dict) and pkg.get("name"):
                    yield _row("composer", "library", str(pkg["name"]), str(pkg.get("version")), root, lock)
        except (EvidenceError, ValueError, AttributeError) as exc:
            yield Error(lock, f"unreadable composer.lock: {exc}")
    lock = posixpath.join(root, "package-lock.json")
    if evidence.is_file(lock):
        try:
            data = json.loads(evidence.read_text(lock, limit=64 << 20))
            pkgs = data.get("packages") or {}
            if pkgs:
                for key, pkg in pkgs.items():
                    if key and isinstance(pkg, dict):
                        yield _row(
                            "npm",
                            "library",
                            key.rsplit("node_modules/", 1)[-1],
                            pkg.get("version"),
                            root,
                            lock,
                        )
            else:
                for name, pkg in (data.get("dependencies") or {}).items():
                    if isinstance(pkg, dict):
                        yield _row("npm", "library", name, pkg.get("version"), root, lock)
        except (EvidenceError, ValueError, AttributeError) as exc:
            yield Error(lock, f"unreadable package-lock.json: {exc}")


def _tomcat(evidence: Evidence, webapps: str) -> Iterator[dict[str, Any] | Error]:
    if not webapps.endswith("/webapps"):
        return
    try:
        names = evidence.listdir(webapps)
    except EvidenceError:
        return
    for name in names:
        path = posixpath.join(webapps, name)
        version = None
        manifest = posixpath.join(path, "META-INF/MANIFEST.MF")
        text = _head(evidence, manifest)
        if text:
            m = re.search(r"^(?:Implementation|Specification)-Version:\s*(\S+)", text, re.M)
            version = m.group(1) if m else None
        if evidence.is_dir(path) or name.endswith(".war"):
            yield _row("tomcat", "webapp", name, version, path, manifest if text else path)


def _dpkg_owners(evidence: Evidence) -> dict[str, str]:
    """image path -> "package version" for files the web-app packages installed."""
    versions: dict[str, str] = {}
    try:
        pkg = None
        for _, line in evidence.lines("/var/lib/dpkg/status", max_line=65536):
            if line.startswith("Package: "):
                pkg = line[9:].strip()
            elif line.startswith("Version: ") and pkg in DPKG_APPS:
                versions[pkg] = line[9:].strip()
    except EvidenceError:
        return {}
    owners: dict[str, str] = {}
    for pkg, version in versions.items():
        for lst in (f"/var/lib/dpkg/info/{pkg}.list",) + tuple(
            evidence.glob(f"/var/lib/dpkg/info/{pkg}:*.list")
        ):
            try:
                for _, line in evidence.lines(lst, max_line=4096):
                    owners.setdefault(line.strip(), f"{pkg} {version}")
            except EvidenceError:
                continue
    return owners
