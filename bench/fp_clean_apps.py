#!/usr/bin/env python3
"""False positives of triage's web-shell and attacker-tool rules on clean applications.

Debian's packages of real web applications and libraries (and a few
programs that look like attacker tools: IRC clients, netcat, socat, libc's
loader) are fetched with `apt-get download`, unpacked with `dpkg-deb -x` into
a cache outside the repository (~/.cache/triage/fp-apps; nothing is
installed), scanned with every file in scope, and every shell or tool rule
that fires is counted as a false positive. Dual-use rules (adminer,
phpMyAdmin, file managers) are listed apart: they are meant to fire on those.

Target: at most 1 false positive per 10,000 files.

Usage: python bench/fp_clean_apps.py [--cache DIR] [--rules DIR ...] [--also /usr ...] [--list]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

PACKAGES = [
    # web applications
    "wordpress", "phpmyadmin", "mediawiki", "roundcube-core", "roundcube-plugins", "dokuwiki",
    "adminer", "icingaweb2", "cacti", "zabbix-frontend-php", "tt-rss", "postfixadmin", "gosa",
    "php-horde", "php-horde-imp", "php-horde-core",
    # PHP libraries
    "php-phpseclib", "php-symfony-console", "php-symfony-http-foundation", "php-symfony-http-kernel",
    "php-symfony-process", "php-symfony-filesystem", "php-guzzlehttp-guzzle", "php-twig", "php-monolog",
    "php-laravel-framework", "php-league-commonmark", "libphp-phpmailer", "php-tcpdf", "php-getid3",
    "php-htmlpurifier", "php-doctrine-dbal", "php-zend-code", "php-pear", "smarty3", "php-sabre-dav",
    "phpunit", "composer", "php-nikic-php-parser", "php-psr-log", "php-symfony-var-dumper",
    "php-symfony-console", "php-sabre-vobject", "php-net-ldap2",
    # Java: servlet and JSP examples
    "tomcat10-examples", "tomcat10-admin",
    # more web applications and libraries whose code looks dangerous (eval of stored code, popen,
    # proc_open, uploads, generated tables)
    "simplesamlphp", "phpldapadmin", "nagvis", "ganglia-webfrontend", "ocsinventory-reports", "davical",
    "libphp-adodb", "php-codesniffer", "php-crypt-gpg", "php-db", "php-dompdf", "php-fpdf", "php-geshi",
    "php-horde-template", "php-horde-crypt", "php-horde-text-filter", "php-mdb2", "php-mockery",
    "php-opis-closure", "php-pclzip", "php-php-gettext", "php-phpseclib3", "php-nette-utils", "php-cas",
    "php-mail", "php-net-sieve", "smarty4", "phpab",
    # Perl CGI and Python web frameworks
    "libcgi-pm-perl", "libwww-perl", "libnet-irc-perl", "python3-requests",
    "python3-django", "python3-flask", "python3-werkzeug", "python3-tornado", "python3-bottle",
    # programs that look like attacker tools but are not
    "irssi", "netcat-openbsd", "socat", "libc6", "openssh-client", "busybox", "curl", "wget",
]


def fetch(cache: Path) -> Path:
    debs, tree = cache / "debs", cache / "tree"
    debs.mkdir(parents=True, exist_ok=True)
    tree.mkdir(parents=True, exist_ok=True)
    for name in dict.fromkeys(PACKAGES):
        if not any(debs.glob(f"{name}_*.deb")):
            got = subprocess.run(["apt-get", "download", "-q", name], cwd=debs, capture_output=True, text=True)
            if got.returncode:
                print(f"skip {name}: {got.stderr.strip().splitlines()[-1] if got.stderr else 'not found'}",
                      file=sys.stderr)
    for deb in sorted(debs.glob("*.deb")):
        dest = tree / deb.name.split("_", 1)[0]
        if not dest.exists():
            subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], check=True)
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "triage" / "fp-apps")
    parser.add_argument("--rules", action="append", help="rule folder (default: triage's own)")
    parser.add_argument("--fetch-only", action="store_true")
    parser.add_argument("--list", action="store_true", help="list every false positive file")
    parser.add_argument("--also", action="append", default=[], metavar="DIR",
                        help="also scan this clean host folder, read-only (e.g. /usr of a fresh Debian)")
    args = parser.parse_args()
    tree = fetch(args.cache)
    if args.fetch_only:
        return 0

    from triage.evidence import Evidence
    from triage.scan import Scanner, scan_tree

    scanner = Scanner(args.rules)
    started = time.monotonic()
    files = 0
    fps: Counter[str] = Counter()
    dual: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    hits: list[tuple[str, str, int]] = []
    trees = [Evidence(tree)] + [Evidence(d) for d in args.also]
    for result in (r for ev in trees for r in scan_tree(scanner, ev)):
        files += 1
        verdicts[result.verdict] += 1
        for reason in result.reasons:
            if reason.kind != "rule":
                continue
            if reason.category == "dual-use":
                dual[reason.rule] += 1
            else:
                fps[reason.rule] += 1
                hits.append((result.path, reason.rule, reason.score))
    seconds = time.monotonic() - started
    total = sum(fps.values())
    per = total * 10_000 / max(files, 1)
    print(f"packages: {len(list((args.cache / 'tree').iterdir()))} (+ {', '.join(args.also) or 'no host folders'})  "
          f"files scanned: {files:,}  "
          f"time: {seconds:.1f}s")
    print(f"shell/tool rule false positives: {total} = {per:.2f} per 10,000 files (target <= 1)")
    for rule, n in fps.most_common():
        print(f"  {rule:45s} {n:5d}  {n * 10_000 / files:6.2f} /10k")
    print("dual-use rules (expected on these apps, not false positives):")
    for rule, n in dual.most_common():
        print(f"  {rule:45s} {n:5d}")
    print("verdicts (rules and signals, a clean unpacked tree has no web root context): "
          + ", ".join(f"{v} {n}" for v, n in verdicts.most_common()))
    if args.list:
        for path, rule, score in sorted(hits):
            print(f"  FP {rule} {score} {path}")
    return 0 if per <= 1.0 else 1


if __name__ == "__main__":
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parent.parent))
    sys.exit(main())
