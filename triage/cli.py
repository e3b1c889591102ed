"""The command line: a thin click layer over triage's library functions.

Exit codes: 0 done (errors met in the evidence are recorded in the case and
counted in the summary); 1 a problem the user can fix (one line, no
traceback); 2 bad usage; 3 the run was interrupted (finish it with --resume).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from typing import Any

import click

from triage import __version__
from triage.case import CaseError, check_output, open_readonly
from triage.evidence import EvidenceError
from triage.text import display

EXIT_INTERRUPTED = 3


def fail(message: str) -> click.ClickException:
    return click.ClickException(display(message))


class _Progress:
    """One status line on stderr, rewritten in place on a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.start = time.monotonic()

    def __call__(self, collector: str, rows: int, state: int) -> None:
        now = time.monotonic()
        if state != -1 and now - self.last < (0.5 if self.tty else 10):
            return
        self.last = now
        word = "done" if state == -1 else "…"
        line = f"{collector}: {rows:,} rows {word} ({now - self.start:.1f}s)"
        if self.tty:
            click.echo(f"\r\x1b[K{line}", err=True, nl=state == -1)
        else:
            click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="triage")
def cli() -> None:
    """Forensic snapshot and compromise triage for hacked Linux web servers.

    Point it at a disk image mounted read-only; it collects into one SQLite
    case file, scans it, and reports how the attacker got in.

    Example: triage collect /mnt/evidence -c case.db
    """


@cli.command()
@click.argument("evidence_root", type=click.Path(exists=True, file_okay=False))
@click.option("-c", "--case", "case_path", required=True, type=click.Path(dir_okay=False),
              help="The case file to write (never inside the evidence root).")
@click.option("--only", multiple=True, help="Run only this collector (repeatable).")
@click.option("--exclude", multiple=True, help="Skip this collector (repeatable).")
@click.option("--path", "paths", multiple=True, help="Inventory only under this image path (repeatable).")
@click.option("--skip", "path_excludes", multiple=True,
              help="Image-path glob not to inventory, e.g. '/proc*' (repeatable).")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes for hashing (default: cores).")
@click.option("--resume", is_flag=True, help="Finish an interrupted run of this case.")
@click.option("--operator", help="Who ran it, for the record (default: $TRIAGE_OPERATOR or the login).")
@click.option("--image", type=click.Path(exists=True, dir_okay=False),
              help="The disk image file mounted at the root: its sha256 is recorded with the run.")
@click.option("--no-scan", is_flag=True, help="Do not scan for web shells and attacker tools afterwards.")
def collect(evidence_root: str, case_path: str, only: tuple[str, ...], exclude: tuple[str, ...],
            paths: tuple[str, ...], path_excludes: tuple[str, ...], workers: int | None, resume: bool,
            operator: str | None, image: str | None, no_scan: bool) -> None:
    """Collect everything from a mounted image into a case file.

    Example: triage collect /mnt/evidence -c /cases/web01.db --workers 2
    """
    from triage import runner

    options = {"paths": list(paths), "path_excludes": list(path_excludes), "workers": workers}
    try:
        summary = runner.collect(evidence_root, case_path, only=list(only) or None,
                                 exclude=list(exclude) or None, resume=resume, options=options,
                                 operator=operator, progress=_Progress(), image=image)
    except (CaseError, EvidenceError) as exc:
        raise fail(str(exc)) from None
    for warning in summary.warnings:
        click.secho(f"WARNING: {warning}", fg="red", bold=True, err=True)
    rows = ", ".join(f"{t} {n:,}" for t, n in summary.rows.items()) or "no rows"
    click.echo(f"run {summary.run_id} {summary.status} in {summary.seconds:.1f}s: {rows}; "
               f"{summary.errors:,} errors recorded (triage runs {case_path} --errors)", err=True)
    if summary.case_digest:
        click.echo(f"case digest {summary.case_digest} (note it; triage verify {case_path} checks it)",
                   err=True)
    if summary.status != "complete":
        click.echo(f"finish it with: triage collect {evidence_root} -c {case_path} --resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if not no_scan and (not only or "files" in only):
        _scan(case_path, evidence_root, (), True, False, True, workers, None, None)


def _scan(case_path: str, evidence_root: str | None, rules: tuple[str, ...], own_rules: bool, all_files: bool,
          dedup: bool, workers: int | None, max_size: int | None, timeout: int | None,
          resume: bool = False) -> None:
    from triage import scan as scan_mod

    def progress(done: int, total: int) -> None:
        _progress("scan", done, 0)

    _progress = _Progress()
    try:
        summary = scan_mod.scan_case(case_path, evidence_root, list(rules), own_rules=own_rules,
                                     all_files=all_files, dedup=dedup, workers=workers,
                                     max_size=max_size or scan_mod.DEFAULT_MAX_SIZE,
                                     timeout=timeout or scan_mod.DEFAULT_TIMEOUT, progress=progress,
                                     resume=resume)
    except (CaseError, EvidenceError) as exc:
        raise fail(str(exc)) from None
    for problem in summary.problems:
        click.secho(f"WARNING: rule file skipped: {problem}", fg="red", err=True)
    flagged = ", ".join(f"{v} {n:,}" for v, n in sorted(summary.flagged.items())) or "nothing flagged"
    click.echo(f"scan run {summary.run_id} {summary.status} in {summary.seconds:.1f}s: {summary.files:,} files "
               f"({summary.unique:,} unique contents): {flagged}; {summary.errors:,} errors recorded", err=True)
    if summary.status != "complete":
        click.echo(f"finish it with: triage scan {case_path} --resume (and the same options)", err=True)
        sys.exit(EXIT_INTERRUPTED)


@cli.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Another YARA rule folder or file, e.g. signature-base/yara (repeatable).")
@click.option("--no-own-rules", is_flag=True, help="Use only the --rules given, not triage's own.")
@click.option("--evidence", "evidence_root", type=click.Path(exists=True, file_okay=False),
              help="Where the image is mounted now (default: the root the case was collected from).")
@click.option("--all", "all_files", is_flag=True, help="Scan every file, not only the default scope.")
@click.option("--no-dedup", is_flag=True, help="Scan identical contents again for every path.")
@click.option("--workers", type=click.IntRange(1, 64), help="Scanning workers (default: cores).")
@click.option("--max-size", type=click.IntRange(1), help="Bytes scanned per file (default 32 MiB).")
@click.option("--timeout", type=click.IntRange(1), help="Seconds YARA may spend on one file (default 60).")
@click.option("--resume", is_flag=True, help="Finish the last scan, interrupted or killed (same rules and options).")
def scan(case_path: str, rules: tuple[str, ...], no_own_rules: bool, evidence_root: str | None, all_files: bool,
         no_dedup: bool, workers: int | None, max_size: int | None, timeout: int | None, resume: bool) -> None:
    """Scan a case's files for web shells and attacker tools (YARA + signals).

    Default scope: web roots, tmp folders, homes, cron and systemd paths, and
    every script and ELF file; --all scans everything. Each unique content is
    read once through the evidence door.

    Example: triage scan case.db --rules ~/signature-base/yara
    """
    _scan(case_path, evidence_root, rules, not no_own_rules, all_files, not no_dedup, workers, max_size, timeout,
          resume)


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=_json_default))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        if rows:
            writer.writerow(rows[0].keys())
        for row in rows:
            writer.writerow([_cell(v, csv_mode=True) for v in row.values()])
    else:
        click.echo(table(rows))


def _json_default(value: object) -> object:
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape").encode("utf-8", "backslashreplace").decode()
    raise TypeError(type(value).__name__)


def _cell(value: object, csv_mode: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return display(value) if not csv_mode else value.hex()
    text = display(str(value))
    if csv_mode and text[:1] in ("=", "+", "-", "@") and not isinstance(value, (int, float)):
        return "'" + text  # a spreadsheet would run "=HYPERLINK(...)" from an attacker's user agent
    return text


def table(rows: list[dict[str, Any]], max_width: int = 80) -> str:
    """Rows as a plain text table; every cell escaped for the terminal."""
    if not rows:
        return "(no rows)"
    cols = list(rows[0].keys())
    cells = [[_cell(r[c])[:max_width] for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([line.rstrip(), rule, *body])


@cli.command()
@click.argument("case_path", metavar="CASE", required=False, type=click.Path(exists=True, dir_okay=False))
@click.argument("sql", required=False)
@click.option("--saved", "saved_name", metavar="NAME", help="Run a saved query (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A :NAME parameter.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def query(case_path: str | None, sql: str | None, saved_name: str | None, list_saved: bool,
          params: tuple[str, ...], fmt: str) -> None:
    """Run read-only SQL, or a saved query, against a case file.

    \b
    Example: triage query case.db "SELECT path, sha256 FROM files WHERE suid = 1"
             triage query case.db --saved files_between -p start=2026-03-01T10:00 -p end=2026-03-01T12:00
    """
    from triage import query as q

    if list_saved:
        rows = [{"name": s.name, "title": s.title,
                 "parameters": ", ".join(p.name + ("" if p.required else "?") for p in s.params),
                 "description": s.description} for s in q.saved_queries().values()]
        _emit(rows, fmt)
        return
    if not case_path or bool(sql) == bool(saved_name):
        raise click.UsageError("give a CASE and either SQL or --saved NAME (or --list)")
    bad = [p for p in params if "=" not in p]
    if bad:
        raise click.UsageError(f"parameters are NAME=VALUE, not {bad[0]!r}")
    named = dict(p.split("=", 1) for p in params)
    try:
        rows = q.run_saved(case_path, saved_name, named) if saved_name else q.run(case_path, sql or "", named)
    except CaseError as exc:
        raise fail(str(exc)) from None
    _emit(rows, fmt)


@cli.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", "show_errors", is_flag=True, help="List the errors recorded, not the runs.")
@click.option("--run", "run_id", type=int, help="Only this run.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def runs(case_path: str, show_errors: bool, run_id: int | None, fmt: str) -> None:
    """Show a case's runs (what ran, on what, when, how it ended) or its errors.

    Example: triage runs case.db --errors --run 1
    """
    try:
        db = open_readonly(case_path)
        where, args = ("WHERE run_id = ?", [run_id]) if run_id else ("", [])
        if show_errors:
            rows = list(db.query(f"SELECT run_id, collector, path, line, what FROM errors {where} "
                                 "ORDER BY id", args))
        else:
            where = where.replace("run_id", "id")
            rows = list(db.query("SELECT id, command, status, started, ended, evidence_root, mount_readonly, "
                                 f"error_count, row_counts FROM runs {where} ORDER BY id", args))
            steps = list(db.query("SELECT run_id, collector, status, rows, errors, started, ended "
                                  "FROM run_collectors ORDER BY run_id, started"))
    except CaseError as exc:
        raise fail(str(exc)) from None
    _emit(rows, fmt)
    if not show_errors and fmt == "table" and steps:
        click.echo()
        click.echo(table([s for s in steps if not run_id or s["run_id"] == run_id]))


def _write(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


EXIT_CHANGED = 4


def _ids(ids: list[int], limit: int = 20) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:limit])
    return shown + (f" … ({len(ids):,} rows)" if len(ids) > limit else "")


@cli.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]),
              help="md, html or json (default: from the output file's extension, else md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def report(case_path: str, fmt: str | None, output: str | None) -> None:
    """Report how the attacker got in, what they did, and what the rebuild team must know.

    Example: triage report case.db -o report.html
    """
    from triage import report as reporting

    if fmt is None:
        suffix = os.path.splitext(output or "")[1].lower().lstrip(".")
        fmt = {"htm": "html", "html": "html", "json": "json"}.get(suffix, "md")
    try:
        if output:
            check_output(output, case_path)
        text = reporting.report(case_path, fmt)
    except CaseError as exc:
        raise fail(str(exc)) from None
    _write(text, output)


@cli.command()
@click.argument("evidence_root", type=click.Path(exists=True, file_okay=False))
@click.option("-c", "--case", "case_path", required=True, type=click.Path(dir_okay=False),
              help="The case file to write (never inside the evidence root).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Report file; its extension (.md, .html, .json) picks the format (default: Markdown on stdout).")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes for hashing (default: cores).")
@click.option("--operator", help="Who ran it, for the record (default: $TRIAGE_OPERATOR or the login).")
def investigate(evidence_root: str, case_path: str, output: str | None, workers: int | None,
                operator: str | None) -> None:
    """Collect, scan and report in one go: the main job.

    Example: triage investigate /mnt/evidence -c /cases/web01.db -o /cases/web01.html
    """
    from triage import investigate as job

    try:
        result = job.investigate(evidence_root, case_path, output=output, workers=workers, operator=operator,
                                 progress=_Progress())
    except (CaseError, EvidenceError) as exc:
        raise fail(str(exc)) from None
    for line in result.notes:
        click.secho(line, fg="yellow", err=True)
    if output:
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(result.text, nl=False)
    click.echo(f"verdict: {result.verdict['status']}, vector {result.verdict['vector']}, "
               f"confidence {result.verdict['confidence']}", err=True)
    if result.status != "complete":
        sys.exit(EXIT_INTERRUPTED)


@cli.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def verify(case_path: str, fmt: str) -> None:
    """Check that no row of a case changed since its last seal.

    Every run ends by sealing the case (a digest over every table's rows).
    verify recomputes it and names, per table, the rows (by rowid) added,
    changed or removed since. Exit 0 intact, 4 changed, 1 no seal or no case.

    Example: triage verify /cases/web01.db
    """
    from triage import custody

    try:
        db = open_readonly(case_path)
        verdict = custody.verify(db)
    except CaseError as exc:
        raise fail(str(exc)) from None
    if verdict.sealed is None:
        raise fail(f"{case_path} holds no seal: no run finished in it")
    changed = [t for t in verdict.tables if not t.intact]
    if fmt == "json":
        click.echo(json.dumps({"intact": verdict.intact, "sealed": verdict.sealed, "run_id": verdict.run_id,
                               "case_digest": verdict.case_digest, "recorded_digest": verdict.recorded_digest,
                               "tables": [vars(t) for t in verdict.tables]}, indent=2))
    else:
        click.echo(f"sealed by run {verdict.run_id} at {verdict.sealed}; case digest {verdict.case_digest}")
        if verdict.recorded_digest and verdict.recorded_digest != verdict.case_digest:
            click.echo(f"the run recorded digest {verdict.recorded_digest}: the seal itself was rewritten")
        rows = [{"table": t.table, "status": t.status, "sealed_rows": t.sealed_rows, "rows_now": t.rows,
                 "added": _ids(t.added), "changed": _ids(t.changed), "removed": _ids(t.removed)}
                for t in changed]
        if rows:
            click.echo(table(rows))
        verdict_line = "INTACT: every sealed row is as it was" if verdict.intact else \
            f"CHANGED: {len(changed)} table(s) differ from the seal (rowids listed)"
        click.echo(f"{verdict_line} ({sum(t.rows for t in verdict.tables):,} rows in "
                   f"{len(verdict.tables)} tables checked)")
    if not verdict.intact:
        sys.exit(EXIT_CHANGED)


@cli.command("merge")
@click.argument("out_path", metavar="OUT", type=click.Path(dir_okay=False))
@click.argument("case_paths", metavar="CASE...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--host", "hosts", multiple=True,
              help="Host name for each CASE, in order (default: its collected hostname, else its file name).")
@click.option("--operator", help="Who ran it, for the record (default: $TRIAGE_OPERATOR or the login).")
def merge_cmd(out_path: str, case_paths: tuple[str, ...], hosts: tuple[str, ...],
              operator: str | None) -> None:
    """Join several hosts' case files into one, with a host column, so one query covers the fleet.

    Example: triage merge fleet.db web01.db web02.db db01.db
    """
    from triage import merge

    try:
        sources = merge.merge(out_path, list(case_paths), list(hosts) or None, operator)
    except CaseError as exc:
        raise fail(str(exc)) from None
    for s in sources:
        state = {True: "seal intact", False: "CHANGED since its seal", None: "no seal"}[s.intact]
        click.echo(f"{display(s.host)}: {s.rows:,} rows from {display(s.path)} ({state})", err=True)
    click.echo(f"merged {len(sources)} cases into {out_path}", err=True)


@cli.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", required=True,
              type=click.Choice(["bodyfile", "timesketch", "stix", "misp", "csv"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The file to write.")
def export(case_path: str, fmt: str, output: str) -> None:
    """Export the case for other tools: mactime bodyfile, Timesketch, STIX 2.1, MISP, CSV of indicators.

    Example: triage export case.db --format bodyfile -o case.body && mactime -b case.body -d
    """
    from triage import export as exporting

    try:
        check_output(output, case_path)
        count = exporting.export(case_path, fmt, output)
    except CaseError as exc:
        raise fail(str(exc)) from None
    click.echo(f"wrote {count:,} records to {output}", err=True)


@cli.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
def serve(case_path: str, port: int) -> None:
    """Browse a case in datasette on 127.0.0.1, read-only, with the saved queries as canned queries.

    Needs the serve extra (pip install 'triage[serve]').

    Example: triage serve /cases/web01.db --port 8001
    """
    from triage import serve as serve_mod

    try:
        serve_mod.serve(case_path, port)
    except CaseError as exc:
        raise fail(str(exc)) from None


@cli.command()
@click.argument("dirs", metavar="DIR...", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False))
@click.option("-c", "--case", "case_path", required=True, type=click.Path(dir_okay=False),
              help="The case file to record in (never inside a watched directory).")
@click.option("--rules", multiple=True, type=click.Path(exists=True), help="More YARA rules (repeatable).")
@click.option("--no-own-rules", is_flag=True, help="Use only the rules given with --rules.")
@click.option("--exec", "exec_cmd", metavar="CMD",
              help="Run CMD (split like a shell would, never run by one) per finding, its JSON on stdin.")
@click.option("--debounce", type=click.FloatRange(0), default=0.3, show_default=True,
              help="Seconds a file's events must be quiet before it is examined.")
@click.option("--rescan", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds between walks of the directories that changed (catches dropped events).")
@click.option("--full-rescan", type=click.FloatRange(1), default=300.0, show_default=True,
              help="Seconds between walks of every watched tree.")
@click.option("--scan-existing", is_flag=True,
              help="Also examine the files there at start (default: take them as the baseline).")
@click.option("--operator", help="Who ran it, for the record (default: $TRIAGE_OPERATOR or the login).")
def watch(dirs: tuple[str, ...], case_path: str, rules: tuple[str, ...], no_own_rules: bool,
          exec_cmd: str | None, debounce: float, rescan: float, full_rescan: float, scan_existing: bool,
          operator: str | None) -> None:
    """Watch web roots on the rebuilt server and report any shell that lands, at once.

    Every file created, modified or moved in is hashed, typed and scanned
    with the rules and signals of `triage scan`. Each flagged file is one
    JSON line on stdout and is recorded in the case. Stop with SIGTERM or Ctrl-C.

    Example: triage watch /var/www /srv/uploads -c /var/lib/triage/watch.db --exec "logger -t triage"
    """
    from triage import watch as watch_mod

    settings = watch_mod.Settings(debounce=debounce, rescan=rescan, full_rescan=full_rescan,
                                  exec_cmd=exec_cmd, scan_existing=scan_existing)
    try:
        watcher = watch_mod.Watcher(list(dirs), case_path, list(rules), own_rules=not no_own_rules,
                                    settings=settings, operator=operator)
    except (CaseError, ValueError) as exc:
        raise fail(str(exc)) from None

    def ready(baseline: int) -> None:
        click.echo(f"watching {', '.join(watcher.roots)} ({baseline:,} files in the baseline); "
                   f"findings as JSON lines on stdout", err=True)

    counts = watcher.run(ready)
    summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
    click.echo(f"stopped: {summary}; recorded in {case_path}", err=True)


def main() -> None:
    cli()
