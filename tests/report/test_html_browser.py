"""The HTML report in a real browser: Debian's chromium, headless, opens it offline,
logs no console message, builds no script element from hostile strings, and writes a
screenshot (left in the test's folder for a person to look at)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.report.test_report import hostile_case
from triage import report

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1200,1600",
]


def chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("chromium (Debian package chromium) is not installed; `make test` installs it")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.slow
def test_browser_catches_console_messages(tmp_path: Path) -> None:
    """The check below can fail: a page that logs to the console is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom")</script></body></html>')
    assert any("boom" in line for line in console_lines(chromium(tmp_path, bad, "--dump-dom").stderr))


@pytest.mark.slow
def test_html_report_in_chromium(tmp_path: Path) -> None:
    case = hostile_case(tmp_path / "hostile.db")
    page = tmp_path / "report.html"
    page.write_text(report.report(case, "html"))
    shot = tmp_path / "report.png"
    res = chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", res.stderr[-2000:]
    assert console_lines(res.stderr) == []
    dom = chromium(tmp_path, page, "--dump-dom")
    assert console_lines(dom.stderr) == []
    assert "<svg" in dom.stdout and "<circle" in dom.stdout
    assert "<script" not in dom.stdout and "<img" not in dom.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[31mred" in dom.stdout
