"""Exports for the tools responders already use: a TSK 3 bodyfile (mactime), Timesketch
JSONL with plaso's field names (so its analyzers work), a STIX 2.1 bundle and a MISP
event of the report's indicators, and a CSV of indicators."""

from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from triage import __version__
from triage.case import open_readonly
from triage.report import build
from triage.report.base import parse_time
from triage.text import display
from triage.times import now

FORMATS = ("bodyfile", "timesketch", "stix", "misp", "csv")
_TYPE_CHAR = {
    "file": "r",
    "dir": "d",
    "symlink": "l",
    "fifo": "p",
    "socket": "s",
    "chardev": "c",
    "blockdev": "b",
}


def export(case_path: str | os.PathLike[str], fmt: str, output: str | os.PathLike[str]) -> int:
    """Write the case in ``fmt`` to ``output``; returns the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    db = open_readonly(case_path)
    try:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            if fmt == "bodyfile":
                return _lines(fh, bodyfile(db))
            if fmt == "timesketch":
                return _lines(fh, (json.dumps(r, ensure_ascii=False) for r in timesketch(db)))
            doc = build(db, os.fspath(case_path))
            if fmt == "stix":
                bundle = stix(doc)
                json.dump(bundle, fh, indent=2)
                return len(bundle["objects"])
            if fmt == "misp":
                event = misp(doc)
                json.dump(event, fh, indent=2)
                return len(event["Event"]["Attribute"])
            return indicators_csv(doc, fh)
    finally:
        db.conn.close()


def _lines(fh: Any, lines: Iterator[str]) -> int:
    n = 0
    for line in lines:
        fh.write(line + "\n")
        n += 1
    return n


def _epoch(text: str | None) -> int:
    dt = parse_time(text)
    return int(dt.timestamp()) if dt else 0


def bodyfile(db: sqlite_utils.Database) -> Iterator[str]:
    """TSK 3.x: MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime."""
    for f in db.query(
        "SELECT path, md5, inode, type, perms, uid, gid, size, atime, mtime, ctime, btime, "
        "link_target FROM files ORDER BY path"
    ):
        perms = f["perms"] or "----------"
        kind = _TYPE_CHAR.get(f["type"] or "", "-")
        mode = f"{kind}/{kind if perms[0] == '-' else perms[0]}{perms[1:]}"
        name = display(f["path"]).replace("|", "\\x7c")
        if f["link_target"]:
            name += " -> " + display(f["link_target"]).replace("|", "\\x7c")
        yield "|".join(
            str(x)
            for x in (
                f["md5"] or "0",
                name,
                f["inode"] or 0,
                mode,
                f["uid"] or 0,
                f["gid"] or 0,
                f["size"] or 0,
                _epoch(f["atime"]),
                _epoch(f["mtime"]),
                _epoch(f["ctime"]),
                _epoch(f["btime"]),
            )
        )


def _ts(time: str | None, desc: str, message: str, data_type: str, **fields: Any) -> dict[str, Any] | None:
    dt = parse_time(time)
    if dt is None:
        return None
    return {
        "message": message,
        "datetime": dt.isoformat().replace("+00:00", "Z"),
        "timestamp": int(dt.timestamp() * 1_000_000),
        "timestamp_desc": desc,
        "data_type": data_type,
        **{k: v for k, v in fields.items() if v not in (None, "", [])},
    }


def timesketch(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Timesketch JSONL rows; field names follow plaso (filename, sha256_hash, yara_match, ...)."""
    rules: dict[str, list[str]] = {}
    try:
        for r in db.query("SELECT path, rule FROM findings WHERE rule IS NOT NULL"):
            rules.setdefault(r["path"], []).append(r["rule"])
    except Exception:  # noqa: BLE001, S110 - a case without the scan's table has no matches
        pass
    descs = (
        ("mtime", "Content Modification Time"),
        ("atime", "Last Access Time"),
        ("ctime", "Metadata Modification Time"),
        ("btime", "Creation Time"),
    )
    for f in db.query(
        "SELECT path, inode, size, owner, mode, sha256, mime, atime, mtime, ctime, btime FROM files"
    ):
        for col, desc in descs:
            row = _ts(
                f[col],
                desc,
                f"{display(f['path'])} ({desc})",
                "fs:stat",
                filename=display(f["path"]),
                inode=f["inode"],
                file_size=f["size"],
                owner=f["owner"],
                sha256_hash=f["sha256"],
                mime_type=f["mime"],
                yara_match=rules.get(f["path"]),
                parser="triage/files",
            )
            if row:
                yield row
    for r in db.query(
        "SELECT id, source, line, time, client_ip, method, url, status, bytes, referer, user_agent, "
        "vhost FROM access_log"
    ):
        req = f"{r['method']} {r['url']}"
        row = _ts(
            r["time"],
            "Entry Written",
            f"{r['client_ip']} {display(req)} {r['status']}",
            "apache:access_log:entry",
            ip_address=r["client_ip"],
            http_request=display(req),
            http_response_code=r["status"],
            http_response_bytes=r["bytes"],
            http_request_referer=r["referer"],
            http_request_user_agent=display(r["user_agent"]),
            filename=r["source"],
            line=r["line"],
            server_name=r["vhost"],
            parser="triage/access_log",
        )
        if row:
            yield row
    for r in db.query(
        "SELECT source, line, time, host, program, pid, event, user, client_ip, raw FROM auth_events"
    ):
        row = _ts(
            r["time"],
            "Content Modification Time",
            display(r["raw"] or r["event"]),
            "syslog:line",
            hostname=r["host"],
            reporter=r["program"],
            pid=r["pid"],
            body=display(r["raw"]),
            username=r["user"],
            ip_address=r["client_ip"],
            filename=r["source"],
            line=r["line"],
            parser="triage/auth_events",
        )
        if row:
            yield row


def _esc_pattern(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _stix_time(text: str | None) -> str:
    dt = parse_time(text) or parse_time(now())
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def stix(doc: dict[str, Any]) -> dict[str, Any]:
    """A STIX 2.1 bundle: the producer identity, one indicator per report indicator, and a report."""
    created = _stix_time(doc["case"]["generated"])
    identity = {
        "type": "identity",
        "spec_version": "2.1",
        "id": f"identity--{uuid.uuid4()}",
        "created": created,
        "modified": created,
        "name": f"triage {__version__}",
        "identity_class": "system",
    }
    objects: list[dict[str, Any]] = [identity]
    patterns = {
        "ips": lambda v: f"[{'ipv6' if ':' in v else 'ipv4'}-addr:value = '{_esc_pattern(v)}']",
        "urls": lambda v: f"[url:value = '{_esc_pattern(v)}']",
        "sha256": lambda v: f"[file:hashes.'SHA-256' = '{_esc_pattern(v)}']",
        "paths": lambda v: f"[file:name = '{_esc_pattern(v.rsplit('/', 1)[-1])}']",
        "user_agents": lambda v: (
            "[network-traffic:extensions.'http-request-ext'.request_header."
            f"'User-Agent' = '{_esc_pattern(v)}']"
        ),
    }
    confidence = {"confirmed": 95, "probable": 70, "possible": 40, "undetermined": 15}
    for kind, make in patterns.items():
        for ind in doc["indicators"].get(kind, []):
            value = display(ind["value"])
            objects.append(
                {
                    "type": "indicator",
                    "spec_version": "2.1",
                    "id": f"indicator--{uuid.uuid4()}",
                    "created": created,
                    "modified": created,
                    "created_by_ref": identity["id"],
                    "name": f"{kind[:-1] if kind.endswith('s') else kind}: {value}"[:250],
                    "description": display(ind["context"]),
                    "indicator_types": ["malicious-activity"],
                    "pattern": make(value),
                    "pattern_type": "stix",
                    "valid_from": _stix_time(ind["first_seen"]),
                    "confidence": confidence.get(ind["confidence"], 15),
                    "labels": [f"triage:{kind}"],
                }
            )
    refs = [o["id"] for o in objects[1:]] or [identity["id"]]
    v = doc["verdict"]
    objects.append(
        {
            "type": "report",
            "spec_version": "2.1",
            "id": f"report--{uuid.uuid4()}",
            "created": created,
            "modified": created,
            "created_by_ref": identity["id"],
            "name": f"triage: {display(doc['case'].get('hostname') or doc['case'].get('path'))}"
            f" — {v['status']}",
            "description": display(v["summary"]),
            "published": created,
            "report_types": ["incident"],
            "object_refs": refs,
        }
    )
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}


def misp(doc: dict[str, Any]) -> dict[str, Any]:
    """A MISP event (the JSON MISP's event import reads) holding the report's indicators."""
    kinds = {
        "ips": ("ip-src", "Network activity", True),
        "urls": ("url", "Network activity", True),
        "user_agents": ("user-agent", "Network activity", False),
        "sha256": ("sha256", "Payload delivery", True),
        "paths": ("filename", "Artifacts dropped", False),
        "key_fingerprints": ("ssh-fingerprint", "Persistence mechanism", True),
    }
    attrs = []
    for kind, (mtype, category, to_ids) in kinds.items():
        for ind in doc["indicators"].get(kind, []):
            attr = {
                "uuid": str(uuid.uuid4()),
                "type": mtype,
                "category": category,
                "value": display(ind["value"]),
                "to_ids": to_ids,
                "comment": display(ind["context"])[:1000],
                "distribution": "5",
            }
            for key in ("first_seen", "last_seen"):
                if ind.get(key):
                    attr[key] = (parse_time(ind[key]) or parse_time(now())).isoformat()
            attrs.append(attr)
    v = doc["verdict"]
    generated = parse_time(doc["case"]["generated"]) or parse_time(now())
    return {
        "Event": {
            "uuid": str(uuid.uuid4()),
            "info": f"triage: {display(doc['case'].get('hostname') or 'case')} — "
            f"{v['status']} ({v['vector']}, {v['confidence']})",
            "date": generated.strftime("%Y-%m-%d"),
            "threat_level_id": "1" if v["compromised"] else "4",
            "analysis": "1",
            "distribution": "0",
            "published": False,
            "Tag": [{"name": "tlp:amber"}, {"name": f'triage:confidence="{v["confidence"]}"'}],
            "Attribute": attrs,
        }
    }


def _cell(value: Any) -> str:
    text = display("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # no formulas when a spreadsheet opens it


def indicators_csv(doc: dict[str, Any], fh: Any) -> int:
    writer = csv.writer(fh)
    writer.writerow(["type", "value", "first_seen", "last_seen", "confidence", "context", "evidence"])
    n = 0
    for kind, rows in doc["indicators"].items():
        for r in rows:
            ev = "; ".join(
                f"{e.get('table')}#{e.get('id')} {e.get('path') or ''}"
                + (f":{e['line']}" if e.get("line") is not None else "")
                for e in r["evidence"]
            )
            writer.writerow(
                [
                    kind,
                    _cell(r["value"]),
                    r["first_seen"] or "",
                    r["last_seen"] or "",
                    r["confidence"],
                    _cell(r["context"]),
                    _cell(ev.strip()),
                ]
            )
            n += 1
    return n
