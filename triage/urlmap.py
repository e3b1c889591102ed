"""The URL <-> file map, both ways, from the vhosts and url_map tables.

The report asks two questions of it: which URLs reach this file (a web shell
found on disk: where did the attacker call it from?) and which file did this
request reach (a POST in the access log: what ran?). Both follow the server's
own rules closely enough for triage: the vhost is chosen by Host name (exact,
then wildcard, then the first vhost as the default); the longest matching
Alias wins over the document root; AliasMatch regexes are tried in order.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote


@dataclass(frozen=True)
class Route:
    vhost_id: int
    host: str | None
    names: tuple[str, ...]
    url_prefix: str
    path: str
    kind: str
    executes_php: bool


def normalize_url_path(url_path: str) -> str:
    """Percent-decoded, query dropped, dot segments resolved, as a server maps it."""
    path = unquote(url_path.split("?", 1)[0].split("#", 1)[0], errors="surrogateescape")
    if not path.startswith("/"):
        path = "/" + path
    norm = posixpath.normpath(path)
    norm = "/" + norm.lstrip("/")
    return norm + "/" if path.endswith("/") and norm != "/" else norm


class UrlMap:
    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes

    @classmethod
    def from_rows(cls, vhosts: list[dict[str, Any]], url_map: list[dict[str, Any]]) -> UrlMap:
        names: dict[int, tuple[str, ...]] = {}
        for vh in vhosts:
            aliases = json.loads(vh.get("aliases") or "[]")
            names[vh["id"]] = tuple(n for n in [vh.get("name"), *aliases] if n)
        routes = [
            Route(
                r["vhost_id"],
                r.get("host"),
                names.get(r["vhost_id"], ()),
                r["url_prefix"],
                r["path"],
                r["kind"],
                bool(r["executes_php"]),
            )
            for r in url_map
        ]
        return cls(routes)

    @classmethod
    def from_case(cls, db: Any) -> UrlMap:
        """From a case file (sqlite_utils.Database), the latest run's rows."""
        vhosts = list(db.query("SELECT * FROM vhosts ORDER BY id"))
        rows = list(db.query("SELECT * FROM url_map ORDER BY id"))
        return cls.from_rows(vhosts, rows)

    # -- (host, URL path) -> file -------------------------------------------------------------
    def vhost_for(self, host: str | None) -> int | None:
        ids = list(dict.fromkeys(r.vhost_id for r in self.routes))
        if not ids:
            return None
        if host:
            h = host.lower().rsplit(":", 1)[0] if not host.startswith("[") else host.lower()
            for r in self.routes:
                if any(n.lower() == h for n in r.names):
                    return r.vhost_id
            for r in self.routes:
                if any(fnmatch.fnmatchcase(h, n.lower()) for n in r.names if "*" in n or "?" in n):
                    return r.vhost_id
        return ids[0]

    def file_for(self, host: str | None, url_path: str) -> tuple[str, Route] | None:
        """The image path a request reaches, and the route that took it there."""
        vid = self.vhost_for(host)
        if vid is None:
            return None
        path = normalize_url_path(url_path)
        best: tuple[int, str, Route] | None = None
        for r in (r for r in self.routes if r.vhost_id == vid):
            if r.url_prefix.startswith("~") or r.kind == "alias_match":
                pattern = r.url_prefix.lstrip("~")
                try:
                    m = re.match(pattern, path)
                except re.error:
                    continue
                if m:
                    target = _expand(r.path, m) if r.kind == "alias_match" else r.path + path
                    return posixpath.normpath(target), r
                continue
            prefix = r.url_prefix
            if path == prefix.rstrip("/") or path.startswith(prefix.rstrip("/") + "/") or prefix == "/":
                rest = path[len(prefix.rstrip("/")) :]
                score = len(prefix.rstrip("/")) + (1 if r.kind != "document_root" else 0)
                if best is None or score > best[0]:
                    target = (
                        posixpath.normpath(r.path.rstrip("/") + "/" + rest.lstrip("/"))
                        if rest.strip("/")
                        else r.path
                    )
                    best = (score, target, r)
        return (best[1], best[2]) if best else None

    # -- file -> URLs --------------------------------------------------------------------------------
    def urls_for(self, image_path: str) -> list[tuple[str | None, str, Route]]:
        """Every (host, URL path, route) that reaches ``image_path``; a file
        under an Alias inside the document root is reachable both ways."""
        out: list[tuple[str | None, str, Route]] = []
        p = posixpath.normpath(image_path)
        for r in self.routes:
            if r.kind == "alias_match" or r.url_prefix.startswith("~"):
                continue
            base = r.path.rstrip("/") or "/"
            if p == base or p.startswith(base.rstrip("/") + "/"):
                rest = p[len(base.rstrip("/")) :]
                url = r.url_prefix.rstrip("/") + "/" + rest.lstrip("/") if rest else r.url_prefix
                url = url if url.startswith("/") else "/" + url
                # A longer route in the same vhost shadows this one for that URL.
                hit = self.file_for(r.names[0] if r.names else None, url)
                if hit is None or hit[1].vhost_id != r.vhost_id or hit[0] == p:
                    for host in r.names or (None,):
                        out.append((host, url, r))
        return out


def _expand(template: str, m: re.Match[str]) -> str:
    return re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", template)
