"""Which URLs reach an image path, read from the case's URL map.

The web collectors fill url_map (url_prefix -> image path per virtual host);
where it is empty we fall back to the virtual hosts' document roots and then
to the usual roots, and say so in the result so the report can too.
"""

from __future__ import annotations

from triage.report.base import Ctx

COMMON_ROOTS = (
    "/var/www/html",
    "/var/www",
    "/srv/www/htdocs",
    "/srv/www",
    "/srv/http",
    "/usr/share/nginx/html",
    "/var/www/localhost/htdocs",
)


def mappings(ctx: Ctx) -> tuple[list[tuple[str, str]], str]:
    """(image path prefix, URL prefix) pairs, longest path first, and where they came from."""
    pairs = [
        (r["path"], r["url_prefix"])
        for r in ctx.q(
            "SELECT DISTINCT path, url_prefix FROM url_map WHERE path IS NOT NULL AND url_prefix IS NOT NULL"
        )
    ]
    origin = "url_map"
    if not pairs:
        pairs = [
            (r["document_root"], "/")
            for r in ctx.q("SELECT DISTINCT document_root FROM vhosts WHERE document_root IS NOT NULL")
        ]
        origin = "vhosts"
    if not pairs:
        # The first usual root the image has (most specific first), as a web server would be set up.
        for root in COMMON_ROOTS:
            if ctx.q("SELECT 1 FROM files WHERE path = ? AND type = 'dir' LIMIT 1", [root]):
                pairs = [(root, "/")]
                break
        else:
            pairs = [(COMMON_ROOTS[0], "/")]
        origin = "the usual document root (no web server configuration was collected)"
    pairs = [(p.rstrip("/") or "/", u if u.endswith("/") else u + "/") for p, u in pairs]
    pairs.sort(key=lambda pu: len(pu[0]), reverse=True)
    return pairs, origin


def urls_for(path: str, pairs: list[tuple[str, str]]) -> list[str]:
    """Every URL path that serves ``path``; the longest matching root wins per URL prefix."""
    out: list[str] = []
    best = None
    for root, prefix in pairs:
        if path == root or path.startswith(root + "/"):
            if best is not None and len(root) < best:
                break  # a shorter root only matters when no longer one matched
            best = len(root)
            url = prefix + path[len(root) :].lstrip("/")
            if url not in out:
                out.append(url)
    return out


def file_for(url_path: str, pairs: list[tuple[str, str]]) -> str | None:
    """The image path a URL path reaches (longest URL prefix wins)."""
    best: tuple[int, str] | None = None
    for root, prefix in pairs:
        if url_path.startswith(prefix) or url_path + "/" == prefix:
            cand = root.rstrip("/") + "/" + url_path[len(prefix) :].lstrip("/")
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), cand.rstrip("/") or "/")
    return best[1] if best else None
