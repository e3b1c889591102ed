"""Synthetic samples for the scan tests that are better built than stored.

The ELF samples are a 64-byte ELF header followed by the strings a family
carries; they are not runnable programs. The image polyglots are a real tiny
GIF/JPEG header with PHP text appended. All addresses are TEST-NET.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "scan"
MALICIOUS = DATA / "malicious"
BENIGN = DATA / "benign"


def elf(*strings: bytes, shared: bool = False) -> bytes:
    header = bytearray(64)
    header[0:4] = b"\x7fELF"
    header[4] = 2  # 64-bit
    header[5] = 1  # little endian
    header[6] = 1
    header[0x10] = 3 if shared else 2  # ET_DYN or ET_EXEC
    header[0x12] = 0x3E  # x86-64
    return bytes(header) + b"\0" * 64 + b"\0".join(strings) + b"\0"


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00" \
      b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 4 + b"\xff\xd9"


def built_malicious() -> dict[str, tuple[bytes, set[str]]]:
    """name -> (content, rules it must trigger)."""
    return {
        "revshell.elf": (elf(b"connect", b"dup2", b"execve", b"/bin/sh -i", b"HISTFILE=/dev/null",
                             b"Spawning shell"), {"triage_reverse_shell_elf"}),
        "libhide.so": (elf(b"dlsym", b"readdir", b"readdir64", b"/proc/self/fd/%d", b"process_to_filter",
                           shared=True), {"triage_ld_preload_rootkit_library"}),
        "xmrig.elf": (elf(b"XMRig/6.0", b"xmrig", b"--donate-level", b"\"donate-level\""), {"triage_miner_config"}),
        "photo.gif": (GIF + b"\n<?php system($_GET['c']); ?>\n", {"triage_php_in_image"}),
        "avatar.jpg": (JPEG + b"<?php eval(base64_decode($_POST['x'])); ?>",
                       {"triage_php_in_image", "triage_php_request_direct_exec"}),
        # FOPO-style packing: the decoder's name escaped in a variable, eval of it on a line-wrapped literal
        "fopo_style.php": (b'<?php\n$v1a2b3c="\\x62\\141\\x73\\x65\\66\\64\\x5f\\144\\x65\\143\\x6f\\x64\\x65";'
                           b'@eval($v1a2b3c(\n"' + _wrapped_b64(b"echo 'inert sample';\n" * 40) + b'"));\n',
                           {"triage_php_eval_decoder_chain"}),
    }


def _wrapped_b64(data: bytes) -> bytes:
    import base64

    text = base64.b64encode(data)
    return b"\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def built_benign() -> dict[str, bytes]:
    """Binary-ish clean files: images that contain stray '<?' bytes, a plain ELF."""
    return {
        "clean.gif": GIF,
        "stray.jpg": JPEG[:-2] + b"\x00<?\x01\x02<?php\x00\xff\x13" + bytes(range(200)) + b"\xff\xd9",
        "tool.elf": elf(b"connect", b"dup2", b"execve", b"/bin/sh", b"usage: tool [options]"),
        "libc-like.so": elf(b"dlsym", b"readdir", b"readdir64", b"/etc/ld.so.preload", b"/proc/self/fd",
                            shared=True),
    }


def expectations(path: Path) -> set[str]:
    for line in path.read_bytes().splitlines():
        if b"triage-expect:" in line:
            words = line.split(b"triage-expect:", 1)[1].replace(b"*/", b" ").replace(b"?>", b" ")
            words = words.replace(b"%>", b" ").replace(b"--", b" ").replace(b'",', b" ").replace(b'"', b" ")
            return {w.decode() for w in words.split() if w.startswith(b"triage_")}
    return set()
