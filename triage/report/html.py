"""The report as one self-contained HTML page: inline CSS, an inline SVG timeline, no
scripts and no external assets. Every string from the document is passed through
display() (control characters made visible) and html.escape()."""

from __future__ import annotations

import html
from typing import Any

from triage.report.base import SHOWN_REBUILD, parse_time, shown
from triage.text import display

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#1b1b1b;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
.verdict{padding:1em;border-radius:6px;background:#eef6ee;border:1px solid #9c9}
.verdict.bad{background:#fbeeee;border-color:#d99}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:13px}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f4f4f4}.item{margin:.8em 0;padding:.5em .8em;border-left:4px solid #c66;background:#fafafa}
.ev{font:12px ui-monospace,monospace;color:#444;white-space:pre-wrap}
code{font:12px ui-monospace,monospace}svg text{font:11px sans-serif}
"""

COLORS = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#2c3e50"]


def e(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(e(v) for v in value) if value else "–"
    if isinstance(value, dict):
        return "; ".join(f"{e(k)}: {e(v)}" for k, v in value.items())
    return html.escape(display(str(value)), quote=True)


def cite(ev: dict[str, Any] | None) -> str:
    if not ev:
        return ""
    where = f"{e(ev.get('table'))}#{e(ev.get('id'))}"
    if ev.get("path"):
        where += f" {e(ev['path'])}" + (f":{e(ev['line'])}" if ev.get("line") is not None else "")
    raw = f"\n{e(str(ev['raw'])[:400])}" if ev.get("raw") else ""
    return f'<div class="ev">{where}{raw}</div>'


def _table(rows: list[dict[str, Any]], keys: list[str], limit: int | None = None) -> str:
    if not rows:
        return "<p>Nothing.</p>"
    rows, more = shown(rows, limit)
    head = "".join(f"<th>{e(k)}</th>" for k in keys)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{cite(r[k][0]) if k == 'evidence' and r.get(k) else e(r.get(k))}</td>" for k in keys)
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>" + (f"<p>{e(more)}</p>" if more else "")


def chart(events: list[dict[str, Any]], width: int = 1000) -> str:
    """Events as dots on a time axis, one lane per source."""
    points = [(parse_time(ev["time"]), ev) for ev in events]
    points = [(t, ev) for t, ev in points if t]
    if not points:
        return "<p>No dated events.</p>"
    lanes = list(dict.fromkeys(ev["source"] for _t, ev in points))
    t0, t1 = points[0][0], points[-1][0]
    for t, _ev in points:
        t0, t1 = min(t0, t), max(t1, t)
    span = (t1 - t0).total_seconds() or 1.0
    left, lane_h = 150, 22
    height = lane_h * len(lanes) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="timeline">'
    ]
    for i, lane in enumerate(lanes):
        y = 20 + i * lane_h
        parts.append(
            f'<text x="4" y="{y + 4}">{e(lane)}</text>'
            f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#ddd"/>'
        )
    for t, ev in points:
        x = left + (width - left - 20) * (t - t0).total_seconds() / span
        y = 20 + lanes.index(ev["source"]) * lane_h
        color = COLORS[lanes.index(ev["source"]) % len(COLORS)]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{color}"><title>{e(ev["time"])} '
            f"{e(ev['event'])}</title></circle>"
        )
    y = height - 8
    parts.append(
        f'<text x="{left}" y="{y}">{e(points[0][1]["time"] if t0 == points[0][0] else t0)}</text>'
        f'<text x="{width - 10}" y="{y}" text-anchor="end">{e(t1.strftime("%Y-%m-%dT%H:%M:%SZ"))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def render(doc: dict[str, Any]) -> str:
    v, case = doc["verdict"], doc["case"]
    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>triage report {e(case.get('hostname') or '')}</title><style>{CSS}</style></head><body>",
        f"<h1>triage report: {e(case.get('hostname') or case.get('path'))}</h1>",
        f"<p>Generated {e(case['generated'])} by triage {e(case['tool_version'])} from <code>{e(case['path'])}</code>. "
        f"All times UTC; the server's own zone: {e(case.get('timezone') or 'unknown')}.</p>",
        f'<div class="verdict{" bad" if v["compromised"] else ""}"><strong>{e(v["status"])}</strong> — vector: '
        f"<strong>{e(v['vector'])}</strong>, confidence: <strong>{e(v['confidence'])}</strong><p>{e(v['summary'])}</p>",
    ]
    if v["alternatives"]:
        out.append(
            "<p>Alternatives considered:</p><ul>"
            + "".join(
                f"<li>{e(a['vector'])}: {'rejected' if a['rejected'] else 'NOT ruled out'}: {e(a['why_rejected'])}</li>"
                for a in v["alternatives"]
            )
            + "</ul>"
        )
    out.append("</div>")
    ep = doc["entry_point"]
    if ep:
        r = ep["request"]
        comp = ep.get("component") or {}
        row = {
            **r,
            "component": f"{comp.get('name') or ''} {comp.get('version') or ''}",
            "file": ep.get("file"),
            "evidence": [r["evidence"]],
        }
        out.append(
            "<h2>How they got in</h2>"
            + _table(
                [row],
                [
                    "time",
                    "client_ip",
                    "method",
                    "url",
                    "status",
                    "user_agent",
                    "component",
                    "file",
                    "evidence",
                ],
            )
        )
    out.append("<h2>Timeline (UTC)</h2>" + chart(doc["timeline"]))
    out.append(
        _table(
            [{**t, "evidence": [t["evidence"]] if t.get("evidence") else []} for t in doc["timeline"]],
            ["time", "source", "event", "evidence"],
        )
    )
    sections = dict(doc["sections"])
    for f in doc["findings"]:
        sections.setdefault(f["section"], f["section"].replace("_", " ").capitalize())
    for key, title in sections.items():
        out.append(f"<h2>{e(title)}</h2>")
        items = [f for f in doc["findings"] if f["section"] == key]
        if not items:
            out.append("<p>Nothing found.</p>")
        items, more = shown(items)
        for item in items:
            facts = "".join(
                f"<tr><th>{e(k)}</th><td>{e(val)}</td></tr>"
                for k, val in (item.get("facts") or {}).items()
                if val not in (None, "", [])
            )
            out.append(
                f'<div class="item"><strong>{e(item.get("title"))}</strong><p>{e(item.get("text"))}</p>'
                + (f"<table>{facts}</table>" if facts else "")
                + "".join(cite(ev) for ev in item.get("evidence") or [])
                + "</div>"
            )
        if more:
            out.append(f"<p>{e(more)}</p>")
    out.append("<h2>Indicators</h2>")
    for kind, rows in doc["indicators"].items():
        if rows:
            out.append(
                f"<h3>{e(kind)}</h3>"
                + _table(rows, ["value", "first_seen", "last_seen", "confidence", "context", "evidence"])
            )
    rb = doc["rebuild"]
    out.append("<h2>Hand-off to the rebuild team</h2>")
    out.append(
        f"<p><strong>Backup cutoff:</strong> {e(rb['backup_cutoff'] or 'none needed')} "
        f"({e(rb['backup_cutoff_rule'])}; earliest attacker activity {e(rb['earliest_attacker_activity'])})</p>"
    )
    for title, key, keys in (
        ("Do not restore", "do_not_restore", ["path", "sha256", "why", "evidence"]),
        ("Rotate and reset", "rotate", ["what", "action", "evidence"]),
        ("Undo", "undo", ["kind", "path", "undo", "evidence"]),
        ("Patch", "patch", ["component", "version", "why", "evidence"]),
    ):
        out.append(f"<h3>{title}</h3>" + _table(rb[key], keys, SHOWN_REBUILD))
    plan = rb["restore_plan"]
    out.append("<h3>Restore plan</h3>")
    for title, key, keys in (
        ("Carry over as is", "carry_over", ["what", "how"]),
        ("From clean packages", "from_packages", ["package", "how"]),
        ("Rebuild by hand", "rebuild_by_hand", ["what", "how"]),
        (
            "Services and databases",
            "services",
            ["name", "kind", "version", "package", "database", "data_dir", "config"],
        ),
        ("Web applications", "web_apps", ["app", "name", "kind", "version", "root"]),
    ):
        out.append(f"<h4>{title}</h4>" + _table(plan[key], keys))
    out.append("<h3>Not examined</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in rb["not_examined"]) + "</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)
