#!/usr/bin/env python3
"""Build a sample evidence tree (and optionally an ext4 image) from samples/.

Git keeps contents, not the times, owners, modes, symlinks and special files
that forensics turns on. A scenario is a folder samples/NAME/ holding:

* tree/: the files, as the image has them;
* gen_*.py: optional generators, each with ``generate(root: Path)``, for what
  is better made than stored (binary login records, gzipped logs);
* meta*.toml: what git cannot keep, applied last:
  [defaults] mtime/owner/mode for every file not named;
  [[file]] path, mtime, atime, owner "uid:gid", mode "0644" (ctime and birth
  time are the build time: no tool can set them);
  [[symlink]] path, target, owner, mtime;  [[fifo]] path;  [[dir]] path, owner, mode, mtime.

Usage: python samples/build.py NAME DEST [--image DEST.img]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent


def _ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _owner(text: str) -> tuple[int, int]:
    uid, _, gid = str(text).partition(":")
    return int(uid), int(gid or uid)


def build(name: str, dest: Path) -> Path:
    src = HERE / name
    if not src.is_dir():
        raise SystemExit(f"no scenario {name!r} in {HERE}")
    if dest.exists():
        shutil.rmtree(dest)
    if (src / "tree").is_dir():
        shutil.copytree(src / "tree", dest, symlinks=True)
    else:
        dest.mkdir(parents=True)
    for gen in sorted(src.glob("gen_*.py")):
        spec = importlib.util.spec_from_file_location(f"samples_{name}_{gen.stem}", gen)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.generate(dest)
    meta: dict = {"defaults": {}, "file": [], "symlink": [], "fifo": [], "dir": []}
    for m in sorted(src.glob("meta*.toml")):
        data = tomllib.loads(m.read_text())
        meta["defaults"].update(data.get("defaults", {}))
        for key in ("file", "symlink", "fifo", "dir"):
            meta[key].extend(data.get(key, []))
    apply_meta(dest, meta)
    return dest


def apply_meta(root: Path, meta: dict) -> None:
    root_user = os.geteuid() == 0
    for item in meta["symlink"]:
        p = root / item["path"].lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        if p.is_symlink() or p.exists():
            p.unlink()
        os.symlink(item["target"], p)
    for item in meta["fifo"]:
        p = root / item["path"].lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(p)
    named = {item["path"].lstrip("/"): item for key in ("file", "symlink", "fifo", "dir") for item in meta[key]}
    d = meta["defaults"]
    # Deepest first, so setting a file's time does not disturb its directory's afterwards.
    everything = sorted((p for p in root.rglob("*")), key=lambda p: len(p.parts), reverse=True) + [root]
    for p in everything:
        rel = os.path.relpath(p, root)
        item = {**d, **named.get(rel, {})}
        if "mode" in item and not p.is_symlink():
            os.chmod(p, int(str(item["mode"]), 8))
        if root_user and "owner" in item:
            os.lchown(p, *_owner(item["owner"]))
        if "mtime" in item:
            m = _ts(item["mtime"])
            a = _ts(item.get("atime", item["mtime"]))
            os.utime(p, (a, m), follow_symlinks=False)


def make_image(tree: Path, image: Path, size_mb: int = 64) -> Path:
    """An ext4 image of the tree via mke2fs -d (keeps owners, modes, times)."""
    if image.exists():
        image.unlink()
    subprocess.run(["mke2fs", "-q", "-t", "ext4", "-I", "256", "-d", str(tree), str(image), f"{size_mb}M"],
                   check=True)
    return image


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name")
    ap.add_argument("dest", type=Path)
    ap.add_argument("--image", type=Path)
    args = ap.parse_args()
    root = build(args.name, args.dest)
    print(root)
    if args.image:
        print(make_image(root, args.image))


if __name__ == "__main__":
    sys.exit(main())
