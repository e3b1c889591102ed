"""A minimal dpkg database for tests: .list, .md5sums and status Conffiles
computed from the tree, so files count as the package's unchanged copies."""

from __future__ import annotations

import hashlib
from pathlib import Path


def write_dpkg(root: Path, packages: dict[str, list[str]], conffiles: dict[str, list[str]] | None = None,
               shipped: dict[str, bytes] | None = None) -> None:
    """packages: name -> plain files; conffiles: name -> conffiles; shipped:
    path -> the content the package shipped (when the tree holds another)."""
    conffiles = conffiles or {}
    shipped = shipped or {}
    info = root / "var/lib/dpkg/info"
    info.mkdir(parents=True, exist_ok=True)

    def md5(path: str) -> str:
        data = shipped.get(path)
        return hashlib.md5(data if data is not None else (root / path.lstrip("/")).read_bytes()).hexdigest()

    stanzas = []
    for name in sorted(set(packages) | set(conffiles)):
        files, confs = packages.get(name, []), conffiles.get(name, [])
        (info / f"{name}.list").write_text("/.\n" + "".join(f"{p}\n" for p in files + confs))
        if files:
            (info / f"{name}.md5sums").write_text("".join(f"{md5(p)}  {p.lstrip('/')}\n" for p in files))
        stanza = f"Package: {name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n"
        if confs:
            stanza += "Conffiles:\n" + "".join(f" {p} {md5(p)}\n" for p in confs)
        stanzas.append(stanza)
    (root / "var/lib/dpkg/status").write_text("\n".join(stanzas))
