"""The one door to the evidence.

An `Evidence` is built on the root where a disk image is mounted. It takes and
returns *image* paths ("/etc/passwd"), never host paths, and it is the only
code in triage that opens anything under the root. Why it is careful:

* symlinks are resolved component by component inside the root: an absolute
  target is re-rooted, ``..`` stops at the root and loops end in an error, so
  an attacker's link to /etc/shadow yields the image's shadow, never ours;
* files are opened read-only with O_NOFOLLOW and O_NOATIME (the latter dropped
  only where the kernel refuses it), after an lstat that refuses FIFOs,
  sockets and devices, and with O_NONBLOCK so a FIFO swapped in cannot hang us;
* the walk uses lstat (statx, for birth times), lists directories through
  O_NOATIME descriptors and never follows links. One atime no call can spare:
  the kernel touches a symlink's atime when it is read, so on a writable
  mount link atimes move (the case keeps the values from before). Mount
  evidence read-only, as the runner insists;
* paths are ``str`` carrying undecodable bytes as surrogates
  (``os.fsdecode``), so names that are not UTF-8 round-trip byte-exact.
"""

from __future__ import annotations

import bz2
import ctypes
import ctypes.util
import errno
import fnmatch
import gzip
import io
import lzma
import os
import stat
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from triage.text import decode

MAX_SYMLINKS = 40
BLOCK = 1 << 20


class EvidenceError(Exception):
    """Something under the root could not be read; `path` is the image path."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path}: {what}")
        self.path = path
        self.what = what


class SymlinkLoop(EvidenceError):
    """A chain of links that never ends (or runs past MAX_SYMLINKS)."""


@dataclass(frozen=True, slots=True)
class Stat:
    """What lstat/statx says of one object; times are integer nanoseconds."""

    mode: int
    ino: int
    dev: int
    nlink: int
    uid: int
    gid: int
    size: int
    atime_ns: int
    mtime_ns: int
    ctime_ns: int
    btime_ns: int | None
    rdev: int = 0

    @property
    def kind(self) -> str:
        return file_kind(self.mode)


@dataclass(frozen=True, slots=True)
class Entry:
    path: str
    stat: Stat


_KINDS = (
    (stat.S_ISREG, "file"),
    (stat.S_ISDIR, "dir"),
    (stat.S_ISLNK, "symlink"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "chardev"),
    (stat.S_ISBLK, "blockdev"),
)


def file_kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "unknown"


# statx(2) gives birth times, which os.lstat does not (Python 3.11).
_STATX = struct.Struct("=IIQIIIHxxQQQQqIiqIiqIiqIiIIII")
_AT_FDCWD = -100
_AT_SYMLINK_NOFOLLOW = 0x100
_AT_NO_AUTOMOUNT = 0x800
_STATX_ALL = 0x7FF | 0x800  # BASIC_STATS | BTIME
_STATX_BTIME = 0x800


def _load_statx() -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = libc.statx
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_char_p]
    fn.restype = ctypes.c_int
    return fn


_statx = _load_statx()


def lstat(host_path: bytes) -> Stat:
    """lstat a host path, with the birth time where the filesystem keeps one."""
    if _statx is not None:
        buf = ctypes.create_string_buffer(256)
        if _statx(_AT_FDCWD, host_path, _AT_SYMLINK_NOFOLLOW | _AT_NO_AUTOMOUNT, _STATX_ALL, buf) == 0:
            (mask, _blk, _attr, nlink, uid, gid, mode, ino, size, _blocks, _amask,
             a_s, a_n, _r1, b_s, b_n, _r2, c_s, c_n, _r3, m_s, m_n, _r4,
             rmaj, rmin, dmaj, dmin) = _STATX.unpack_from(buf.raw)
            return Stat(
                mode=mode, ino=ino, dev=os.makedev(dmaj, dmin), nlink=nlink, uid=uid, gid=gid,
                size=size, atime_ns=a_s * 10**9 + a_n, mtime_ns=m_s * 10**9 + m_n,
                ctime_ns=c_s * 10**9 + c_n,
                btime_ns=b_s * 10**9 + b_n if mask & _STATX_BTIME else None,
                rdev=os.makedev(rmaj, rmin),
            )
        err = ctypes.get_errno()
        if err != errno.ENOSYS:
            raise OSError(err, os.strerror(err), os.fsdecode(host_path))
    st = os.lstat(host_path)
    return Stat(st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid,
                st.st_size, st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns, None, st.st_rdev)


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p not in ("", ".")]


def _as_str(path: str | bytes) -> str:
    return os.fsdecode(path) if isinstance(path, bytes) else path


_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NOATIME = getattr(os, "O_NOATIME", 0)


class Evidence:
    """Read-only access to a mounted image, by image path."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        real = os.path.realpath(root)
        if not os.path.isdir(real):
            raise EvidenceError("/", f"evidence root {os.fspath(root)!r} is not a directory")
        self.root = real.rstrip("/") or "/"
        self._root_b = os.fsencode(self.root if self.root != "/" else "")
        self._noatime = _NOATIME
        self._passwd: dict[int, str] | None = None
        self._group: dict[int, str] | None = None

    def __repr__(self) -> str:
        return f"Evidence({self.root!r})"

    # -- paths ---------------------------------------------------------
    def host_path(self, image_path: str | bytes) -> bytes:
        """The host path of an already *resolved* image path (internal use)."""
        return self._root_b + os.fsencode("/" + "/".join(_parts(_as_str(image_path))))

    def resolve(self, path: str | bytes, follow: bool = True) -> str:
        """The canonical image path: every symlink resolved inside the image.

        With ``follow=False`` a symlink in the last component is kept as is.
        A missing final component is allowed (the path is returned as if it
        existed); a missing or non-directory parent raises EvidenceError.
        """
        path = _as_str(path)
        parts = _parts(path)
        parent = self._resolve_dir("/".join(parts[:-1])) if len(parts) > 1 else ""
        if not parts:
            return "/"
        return self._resolve_in(parent, [parts[-1]], follow, path)

    @lru_cache(maxsize=65536)  # noqa: B019 - an Evidence lives as long as its run
    def _resolve_dir(self, rel: str) -> str:
        # the parent folder's answer is cached: one lstat a new folder, not one a component of its path
        # (a hostile tree thousands of folders deep is resolved the long way, without recursion)
        parent, _, name = rel.rpartition("/")
        if rel.count("/") > 256:
            return self._resolve_in("", _parts(rel), True, "/" + rel, need_dir=True)
        start = self._resolve_dir(parent) if parent else ""
        return self._resolve_in(start, [name], True, "/" + rel, need_dir=True)

    def _resolve_in(self, start: str, parts: list[str], follow: bool, original: str,
                    need_dir: bool = False) -> str:
        done = _parts(start)
        todo = list(reversed(parts))
        links = 0
        while todo:
            comp = todo.pop()
            if comp in ("", "."):
                continue
            if comp == "..":
                if done:
                    done.pop()
                continue
            candidate = done + [comp]
            host = self._root_b + os.fsencode("/" + "/".join(candidate))
            last = not todo
            try:
                st = os.lstat(host)
            except FileNotFoundError:
                if last and not need_dir:
                    return "/" + "/".join(candidate)
                raise EvidenceError(original, f"no such file or directory: /{'/'.join(candidate)}") from None
            except OSError as exc:
                raise EvidenceError(original, exc.strerror or str(exc)) from None
            if stat.S_ISLNK(st.st_mode) and (not last or follow or need_dir):
                links += 1
                if links > MAX_SYMLINKS:
                    raise SymlinkLoop(original, "too many levels of symbolic links (a loop?)")
                target = os.fsdecode(os.readlink(host))
                if target.startswith("/"):
                    done = []
                todo.extend(reversed(target.split("/")))
                continue
            if (not last or need_dir) and not stat.S_ISDIR(st.st_mode):
                raise EvidenceError(original, f"not a directory: /{'/'.join(candidate)}")
            done = candidate
        return "/" + "/".join(done)

    # -- metadata ------------------------------------------------------
    def lstat(self, path: str | bytes) -> Stat:
        resolved = self.resolve(path, follow=False)
        try:
            return lstat(self.host_path(resolved))
        except OSError as exc:
            raise EvidenceError(_as_str(path), exc.strerror or str(exc)) from None

    def stat(self, path: str | bytes) -> Stat:
        resolved = self.resolve(path)
        try:
            return lstat(self.host_path(resolved))
        except OSError as exc:
            raise EvidenceError(_as_str(path), exc.strerror or str(exc)) from None

    def exists(self, path: str | bytes) -> bool:
        try:
            self.stat(path)
            return True
        except EvidenceError:
            return False

    def is_file(self, path: str | bytes) -> bool:
        try:
            return stat.S_ISREG(self.stat(path).mode)
        except EvidenceError:
            return False

    def is_dir(self, path: str | bytes) -> bool:
        try:
            return stat.S_ISDIR(self.stat(path).mode)
        except EvidenceError:
            return False

    def readlink(self, path: str | bytes) -> str:
        """The raw target of a symlink, as written in the image."""
        resolved = self.resolve(path, follow=False)
        try:
            return os.fsdecode(os.readlink(self.host_path(resolved)))
        except OSError as exc:
            raise EvidenceError(_as_str(path), exc.strerror or str(exc)) from None

    def listdir(self, path: str | bytes) -> list[str]:
        """Names in a directory (symlinks to directories followed inside the image), sorted."""
        resolved = self.resolve(path)
        try:
            names = self._list(self.host_path(resolved))
        except OSError as exc:
            raise EvidenceError(_as_str(path), exc.strerror or str(exc)) from None
        return [os.fsdecode(n) for n in names]

    def _list(self, host: bytes) -> list[bytes]:
        """Names in a host directory, sorted, read through an O_NOATIME descriptor
        so listing does not move the directory's atime."""
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(host, flags | self._noatime)
        except PermissionError:
            fd = os.open(host, flags)
        try:
            return sorted(os.fsencode(n) for n in os.listdir(fd))
        finally:
            os.close(fd)

    # -- reading -------------------------------------------------------
    def open_fd(self, path: str | bytes, follow: bool = True) -> int:
        """A read-only descriptor on a regular file; the caller closes it."""
        original = _as_str(path)
        host = self._fast_host(original)
        if host is None:
            host = self.host_path(self.resolve(path, follow=follow))
        try:
            st = os.lstat(host)
        except OSError as exc:
            raise EvidenceError(original, exc.strerror or str(exc)) from None
        if stat.S_ISLNK(st.st_mode) and follow:  # the fast path saw a link: resolve it the long way
            host = self.host_path(self.resolve(path, follow=True))
            try:
                st = os.lstat(host)
            except OSError as exc:
                raise EvidenceError(original, exc.strerror or str(exc)) from None
        if not stat.S_ISREG(st.st_mode):
            raise EvidenceError(original, f"not a regular file ({file_kind(st.st_mode)}); not opened")
        fd = self._os_open(host, original)
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped under us
            os.close(fd)
            raise EvidenceError(original, "changed type while being opened; not read")
        return fd

    def _fast_host(self, path: str) -> bytes | None:
        """The host path of /dir/name when dir resolves (cached) and name is a plain name, else None."""
        directory, _, name = path.rpartition("/")
        if not name or name in (".", "..") or not path.startswith("/"):
            return None
        rel = directory.strip("/")
        try:
            resolved = self._resolve_dir(rel) if rel else ""
        except EvidenceError:
            return None  # the long way says what is wrong
        return self._root_b + os.fsencode(f"{resolved}/{name}" if resolved != "/" else f"/{name}")

    def _os_open(self, host: bytes, original: str) -> int:
        try:
            return os.open(host, _OPEN_FLAGS | self._noatime)
        except PermissionError:
            if not self._noatime:
                raise EvidenceError(original, "permission denied") from None
            # O_NOATIME needs file ownership or CAP_FOWNER; a read-only mount
            # keeps atimes still anyway.
            try:
                return os.open(host, _OPEN_FLAGS)
            except OSError as exc:
                raise EvidenceError(original, exc.strerror or str(exc)) from None
        except OSError as exc:
            raise EvidenceError(original, exc.strerror or str(exc)) from None

    def open(self, path: str | bytes, follow: bool = True, decompress: bool = False,
             max_output: int | None = None) -> io.BufferedIOBase:
        """A binary stream on a regular file in the image.

        With ``decompress`` a gzip, bzip2 or xz file (known by its leading
        bytes) is decompressed as it streams; ``max_output`` caps what it may
        expand to, so a decompression bomb ends in EvidenceError, not in a
        full disk or memory.
        """
        fd = self.open_fd(path, follow)
        raw = os.fdopen(fd, "rb", buffering=BLOCK)  # noqa: SIM115 - the caller closes it
        if not decompress:
            return raw
        head = raw.peek(6)[:6]
        if head.startswith(b"\x1f\x8b"):
            stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw, mode="rb")
        elif head.startswith(b"BZh"):
            stream = bz2.BZ2File(raw, "rb")
        elif head.startswith(b"\xfd7zXZ\x00"):
            stream = lzma.LZMAFile(raw, "rb")  # noqa: SIM115 - closed with the stream
        else:
            return raw
        return io.BufferedReader(_Capped(stream, raw, max_output, _as_str(path)), BLOCK)

    def read_bytes(self, path: str | bytes, limit: int | None = None, follow: bool = True) -> bytes:
        """The file's bytes, or its first ``limit`` bytes."""
        with self.open(path, follow) as fh:
            try:
                return fh.read() if limit is None else fh.read(limit)
            except OSError as exc:
                raise EvidenceError(_as_str(path), f"read failed: {exc.strerror or exc}") from None

    def read_text(self, path: str | bytes, limit: int | None = None) -> str:
        return decode(self.read_bytes(path, limit))

    def raw_lines(self, path: str | bytes, *, max_line: int = BLOCK, decompress: bool = False,
                  max_output: int | None = None, follow: bool = True) -> Iterator[tuple[int, bytes]]:
        """(number, bytes) for each line, newline stripped, numbered from 1.

        A line longer than ``max_line`` is cut to that length; the rest of it
        is skipped and the line still counts once. Streams: memory stays flat.
        """
        with self.open(path, follow, decompress, max_output) as fh:
            number = 0
            while True:
                try:
                    line = fh.readline(max_line)
                except (OSError, EOFError, lzma.LZMAError) as exc:
                    raise EvidenceError(_as_str(path), f"read failed after line {number}: {exc}") from None
                if not line:
                    return
                number += 1
                if not line.endswith(b"\n") and len(line) >= max_line:
                    while True:  # skip the rest of an overlong line
                        rest = fh.readline(max_line)
                        if not rest or rest.endswith(b"\n"):
                            break
                yield number, line.rstrip(b"\n").removesuffix(b"\r")

    def lines(self, path: str | bytes, **kwargs: object) -> Iterator[tuple[int, str]]:
        """(number, text) for each line; bytes that are not UTF-8 become \\xNN."""
        for number, line in self.raw_lines(path, **kwargs):  # type: ignore[arg-type]
            yield number, decode(line)

    # -- finding -------------------------------------------------------
    def walk(self, top: str = "/", exclude: Iterable[str] = (),
             onerror: Callable[[EvidenceError], None] | None = None) -> Iterator[Entry]:
        """Every object under ``top`` (``top`` itself first), depth first, names
        sorted by their bytes. Links are reported, never followed. ``exclude``
        holds image-path globs; an excluded directory is not entered."""
        patterns = list(exclude)
        start = self.resolve(top)
        stack = [start]
        while stack:
            path = stack.pop()
            if patterns and any(fnmatch.fnmatchcase(path, p) for p in patterns):
                continue
            host = self.host_path(path)
            try:
                st = lstat(host)
            except OSError as exc:
                if onerror:
                    onerror(EvidenceError(path, exc.strerror or str(exc)))
                continue
            yield Entry(path, st)
            if not stat.S_ISDIR(st.mode):
                continue
            try:
                names = self._list(host)
            except OSError as exc:
                if onerror:
                    onerror(EvidenceError(path, f"cannot list directory: {exc.strerror or exc}"))
                continue
            prefix = path.rstrip("/") + "/"
            stack.extend(prefix + os.fsdecode(n) for n in reversed(names))

    def glob(self, pattern: str) -> list[str]:
        """Image paths matching a shell-style pattern, each component matched
        with fnmatch (so ``*`` matches dotfiles too: attackers hide there).
        Directory symlinks are followed inside the image; results keep the
        path as matched, sorted."""
        results = [""]
        parts = _parts(pattern)
        for i, comp in enumerate(parts):
            last = i == len(parts) - 1
            nxt: list[str] = []
            for base in results:
                if any(c in comp for c in "*?["):
                    try:
                        names = self.listdir(base or "/")
                    except EvidenceError:
                        continue
                    nxt.extend(f"{base}/{n}" for n in names if fnmatch.fnmatchcase(n, comp))
                else:
                    candidate = f"{base}/{comp}"
                    if last:
                        try:
                            self.lstat(candidate)
                        except EvidenceError:
                            continue
                    nxt.append(candidate)
            if not last:
                nxt = [p for p in nxt if self.is_dir(p)]
            results = nxt
        return sorted(set(results), key=os.fsencode) if parts else ["/"]

    # -- facts every collector needs --------------------------------------
    def user_names(self) -> dict[int, str]:
        """uid -> name from the image's /etc/passwd (never the analyst's)."""
        if self._passwd is None:
            self._passwd = self._id_map("/etc/passwd")
        return self._passwd

    def group_names(self) -> dict[int, str]:
        """gid -> name from the image's /etc/group."""
        if self._group is None:
            self._group = self._id_map("/etc/group")
        return self._group

    def _id_map(self, path: str) -> dict[int, str]:
        names: dict[int, str] = {}
        try:
            for _, line in self.lines(path):
                fields = line.split(":")
                if len(fields) >= 3 and fields[2].isdigit():
                    names.setdefault(int(fields[2]), fields[0])
        except EvidenceError:
            pass
        return names


class _Capped(io.RawIOBase):
    """A decompressing stream that stops with an error past ``limit`` bytes."""

    def __init__(self, inner: io.BufferedIOBase, raw: io.BufferedIOBase, limit: int | None,
                 path: str) -> None:
        self._inner, self._raw, self._limit, self._path = inner, raw, limit, path
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            n = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
            raise EvidenceError(self._path, f"decompression failed: {exc}") from None
        self._count += n
        if self._limit is not None and self._count > self._limit:
            raise EvidenceError(self._path, f"decompressed past {self._limit} bytes; stopped (a bomb?)")
        return n

    def close(self) -> None:
        try:
            self._inner.close()
            self._raw.close()
        finally:
            super().close()
