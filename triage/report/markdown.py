"""The report as Markdown, for the terminal and for tickets.

Every string that came from the document (so possibly from the image) goes through
``esc``: display() makes control and escape sequences visible text, then Markdown's
special characters get a backslash, so ``<script>`` stays text in any viewer.
"""

from __future__ import annotations

import re
from typing import Any

from triage.report.base import SHOWN_REBUILD, shown
from triage.text import display

_MD = re.compile(r"([\\`*_\[\]<>|#{}!~])")


def esc(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(esc(v) for v in value) if value else "-"
    if isinstance(value, dict):
        return "; ".join(f"{esc(k)}: {esc(v)}" for k, v in value.items())
    return _MD.sub(r"\\\1", display(str(value)))


def cite(ev: dict[str, Any] | None) -> str:
    if not ev:
        return ""
    parts = [f"{ev.get('table')}#{ev.get('id')}"]
    if ev.get("path"):
        parts.append(esc(ev["path"]) + (f":{ev['line']}" if ev.get("line") is not None else ""))
    text = " ".join(parts)
    if ev.get("raw"):
        text += f" — {esc(str(ev['raw'])[:300])}"
    return text


def _item(item: dict[str, Any], out: list[str]) -> None:
    out.append(f"- **{esc(item.get('title'))}**  ")
    out.append(f"  {esc(item.get('text'))}")
    for label, value in (item.get("facts") or {}).items():
        if value not in (None, "", []):
            out.append(f"  - {esc(label)}: {esc(value)}")
    for ev in item.get("evidence") or []:
        out.append(f"  - evidence: {cite(ev)}")


def _indicators(doc: dict[str, Any], out: list[str]) -> None:
    out.append("## Indicators\n")
    any_rows = False
    for kind, rows in doc["indicators"].items():
        if not rows:
            continue
        any_rows = True
        out.append(f"### {esc(kind)}\n")
        out.append("| value | first seen | last seen | confidence | context | evidence |")
        out.append("|---|---|---|---|---|---|")
        rows, more = shown(rows)
        for r in rows:
            ev = "; ".join(cite(e) for e in r["evidence"][:1])
            out.append(
                f"| {esc(r['value'])} | {esc(r['first_seen'])} | {esc(r['last_seen'])} | "
                f"{esc(r['confidence'])} | {esc(r['context'])} | {ev} |"
            )
        if more:
            out.append(f"\n{more}")
        out.append("")
    if not any_rows:
        out.append("None: nothing found ties an address, agent, URL or file to an attack.\n")


def _rebuild(doc: dict[str, Any], out: list[str]) -> None:
    rb = doc["rebuild"]
    out.append("## Hand-off to the rebuild team\n")
    out.append(
        f"**Backup cutoff:** {esc(rb['backup_cutoff'] or 'none needed (no attacker activity found)')}"
        + (
            f" ({esc(rb['backup_cutoff_rule'])}; earliest attacker activity {esc(rb['earliest_attacker_activity'])})"
            if rb["backup_cutoff"]
            else ""
        )
        + "\n"
    )
    lists = (
        ("Do not restore", rb["do_not_restore"], ("path", "sha256", "why")),
        ("Rotate and reset", rb["rotate"], ("what", "action")),
        ("Undo", rb["undo"], ("kind", "path", "undo")),
        ("Patch", rb["patch"], ("component", "version", "why")),
    )
    for title, rows, keys in lists:
        out.append(f"### {title}\n")
        if not rows:
            out.append("Nothing.\n")
            continue
        rows, more = shown(rows, SHOWN_REBUILD)
        for r in rows:
            out.append(
                "- "
                + " — ".join(esc(r.get(k)) for k in keys)
                + "".join(f" [{cite(e)}]" for e in (r.get("evidence") or [])[:1])
            )
        if more:
            out.append(f"- {more}")
        out.append("")
    plan = rb["restore_plan"]
    out.append("### Restore plan\n")
    for title, key in (
        ("Carry over as is", "carry_over"),
        ("From clean packages", "from_packages"),
        ("Rebuild by hand", "rebuild_by_hand"),
    ):
        out.append(f"**{title}:**\n")
        for r in plan[key] or [{"what": "nothing"}]:
            out.append("- " + " — ".join(esc(v) for v in r.values()))
        out.append("")
    out.append("**Services and databases the old box ran:**\n")
    for s in plan["services"] or [{"name": "none recorded"}]:
        out.append("- " + ", ".join(f"{esc(k)} {esc(v)}" for k, v in s.items() if v not in (None, False, "")))
    for a in plan["web_apps"]:
        out.append("- web app " + ", ".join(esc(v) for v in a.values() if v))
    out.append("\n### Not examined\n")
    for line in rb["not_examined"]:
        out.append(f"- {esc(line)}")
    out.append("")


def render(doc: dict[str, Any]) -> str:
    v = doc["verdict"]
    case = doc["case"]
    out = [
        f"# triage report: {esc(case.get('hostname') or case.get('path'))}\n",
        f"Generated {esc(case['generated'])} by triage {esc(case['tool_version'])} from {esc(case['path'])}. "
        f"All times UTC; the server's own zone: {esc(case.get('timezone') or 'unknown')}.\n",
        "## Verdict\n",
        f"**{esc(v['status'])}** — vector: **{esc(v['vector'])}**, confidence: **{esc(v['confidence'])}**\n",
        esc(v["summary"]) + "\n",
    ]
    if v["alternatives"]:
        out.append("Alternatives considered:\n")
        for a in v["alternatives"]:
            out.append(
                f"- {esc(a['vector'])}: {'rejected' if a['rejected'] else 'NOT ruled out'}: {esc(a['why_rejected'])}"
            )
        out.append("")
    ep = doc["entry_point"]
    if ep:
        r = ep["request"]
        out.append("## How they got in\n")
        out.append(
            f"{esc(r['time'])} {esc(r['client_ip'])} {esc(r['method'])} {esc(r['url'])} → {esc(r['status'])} "
            f"({esc(r['user_agent'])})  "
        )
        comp = ep.get("component") or {}
        out.append(f"component: {esc(comp.get('name'))} {esc(comp.get('version'))}; file: {esc(ep.get('file'))}  ")
        out.append(f"evidence: {cite(r['evidence'])}\n")
    out.append("## Timeline (UTC)\n")
    timeline, more = shown(doc["timeline"])
    for e in timeline:
        out.append(f"- {esc(e['time'])} [{esc(e['source'])}] {esc(e['event'])}")
    if more:
        out.append(f"- {more}")
    if not doc["timeline"]:
        out.append("No dated attacker activity.")
    out.append("")
    sections = dict(doc["sections"])
    for f in doc["findings"]:
        sections.setdefault(f["section"], f["section"].replace("_", " ").capitalize())
    for key, title in sections.items():
        items = [f for f in doc["findings"] if f["section"] == key]
        out.append(f"## {esc(title)}\n")
        if not items:
            out.append("Nothing found.\n")
            continue
        items, more = shown(items)
        for item in items:
            _item(item, out)
        if more:
            out.append(f"- {more}")
        out.append("")
    _indicators(doc, out)
    _rebuild(doc, out)
    return "\n".join(out) + "\n"
