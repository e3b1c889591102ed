"""Every table of a case file, declared in one place.

A table is a name, its columns as "name type" pairs (text, integer, real,
blob), the indexes queries need, and optionally the text columns kept in a
full-text index. The runner adds `run_id` to every collector table, so each
row says which run wrote it. Path columns hold `triage.text.display()` text;
the exact bytes sit beside them in a `*_raw` blob where names can be hostile.
Times are ISO-8601 UTC text (`triage.times`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1

_TYPES = {"text": str, "integer": int, "real": float, "blob": bytes}


@dataclass(frozen=True)
class Table:
    name: str
    spec: str
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    columns: dict[str, type] = field(init=False)

    def __post_init__(self) -> None:
        cols: dict[str, type] = {}
        for item in self.spec.split(","):
            name, kind = item.split()
            cols[name] = _TYPES[kind]
        object.__setattr__(self, "columns", cols)


def T(name: str, spec: str, **kw: tuple) -> Table:  # noqa: N802 - reads as a table literal
    return Table(name, spec, **kw)


_RUN = "id integer, run_id integer, "

# Bookkeeping: one row per run, per collector in a run, per error.
BOOKKEEPING = [
    T("runs", "id integer, command text, tool_version text, rules_digest text, evidence_root text, "
      "mount_source text, mount_fstype text, mount_options text, mount_readonly integer, image_path text, "
      "image_sha256 text, analyst_host text, analyst_user text, operator text, argv text, options text, "
      "started text, ended text, status text, row_counts text, error_count integer, case_digest text"),
    T("run_collectors", "run_id integer, collector text, status text, started text, ended text, "
      "rows integer, errors integer", unique=(("run_id", "collector"),)),
    T("errors", "id integer, run_id integer, collector text, path text, line integer, what text, at text",
      unique=(("run_id", "collector", "path", "line", "what"),), indexes=(("collector",),)),
    T("meta", "key text, value text", unique=(("key",),)),
    # Custody (issue 7): the seal written at the end of every run. One row per
    # table per seal (row count and digest); the latest seal's chunks keep a
    # short hash per row (rowid, 8 bytes of sha256) so `triage verify` can
    # name the rows added, changed or removed since.
    T("custody", "id integer, run_id integer, sealed text, tbl text, rows integer, digest text, columns text",
      indexes=(("run_id",),)),
    T("custody_chunks", "run_id integer, tbl text, chunk integer, rows integer, digest text, hashes blob",
      unique=(("tbl", "chunk"),)),
]

# Collector tables: the name is the collector's name (or one of its TABLES).
# Common habits: `source` is the image path read, `line` the line or record
# number in it; `flags` is a JSON list of reasons a row looks planted (empty
# when benign); `undo` says what the rebuild team removes or restores.
_SRC = "source text, line integer, "
COLLECTED = [
    T("files", _RUN + "path text, path_raw blob, name text, ext text, type text, mode integer, perms text, "
      "uid integer, gid integer, owner text, group_name text, size integer, inode integer, nlink integer, "
      "dev integer, atime text, mtime text, ctime text, btime text, link_target text, link_target_raw blob, "
      "link_resolved text, "
      "md5 text, sha1 text, sha256 text, mime text, magic text, suid integer, sgid integer, sticky integer, "
      "world_writable integer",
      unique=(("path_raw",),), indexes=(("sha256",), ("mtime",), ("ctime",), ("path",), ("ext",))),

    # -- system: accounts, keys, histories, jobs, persistence, packages, facts (issue 3)
    T("users", _RUN + _SRC + "name text, uid integer, gid integer, gecos text, home text, shell text, "
      "hash_scheme text, password_state text, last_change text, min_days integer, max_days integer, "
      "warn_days integer, inactive_days integer, expires text, flags text"),
    T("groups", _RUN + _SRC + "name text, gid integer, members text, admins text, flags text"),
    T("sudoers", _RUN + _SRC + "principal text, hosts text, runas text, commands text, nopasswd integer, "
      "all_commands integer, raw text, flags text"),
    T("ssh_keys", _RUN + _SRC + "user text, kind text, key_type text, fingerprint text, comment text, "
      "options text, mtime text, flags text"),
    T("sshd_config", _RUN + _SRC + "keyword text, value text, match text, flags text"),
    T("shell_history", _RUN + _SRC + "user text, shell text, time text, command text, flags text",
      fts=("command",)),
    T("cron_jobs", _RUN + _SRC + "kind text, schedule text, user text, command text, unit text, env text, "
      "flags text, undo text"),
    T("persistence", _RUN + _SRC + "kind text, name text, detail text, enabled integer, package text, "
      "flags text, undo text"),
    T("packages", _RUN + _SRC + "name text, version text, arch text, status text, format text",
      indexes=(("name",),)),
    T("package_events", _RUN + _SRC + "time text, action text, name text, version text, detail text"),
    # digest/digest_algo: the checksum the package recorded (dpkg: md5; rpm: md5, sha256, ... as its
    # header says); md5 stays filled where the package's own checksum is an md5.
    T("package_files", _RUN + "package text, path text, md5 text, conffile integer, digest_algo text, "
      "digest text, format text", indexes=(("path",),)),
    T("package_integrity", _RUN + "path text, package text, status text, expected_md5 text, actual_md5 text, "
      "conffile integer, flags text, digest_algo text, expected_digest text, actual_digest text, format text"),
    T("services", _RUN + _SRC + "name text, kind text, enabled integer, package text, version text, "
      "exec text, database integer, data_dir text, config text, size integer, notes text"),
    T("system_facts", _RUN + _SRC + "key text, value text, flags text"),


    # -- web: servers, virtual hosts, URL map, apps, logs, login records (issue 4)
    T("vhosts", _RUN + _SRC + "server text, name text, aliases text, listen text, document_root text, "
      "user text, grp text, php text, access_logs text, error_logs text, tls integer"),
    T("url_map", _RUN + _SRC + "vhost_id integer, host text, url_prefix text, path text, kind text, "
      "executes_php integer", indexes=(("path",),)),
    T("web_apps", _RUN + "app text, component text, name text, version text, root text, url_prefixes text, "
      "evidence text, package text, flags text"),
    T("web_config", _RUN + _SRC + "directive text, value text, scope text, flags text"),
    T("access_log", _RUN + _SRC + "vhost text, time text, time_text text, client_ip text, ident text, "
      "remote_user text, method text, url text, path text, query text, protocol text, status integer, "
      "bytes integer, referer text, user_agent text",
      indexes=(("time",), ("client_ip",), ("path",))),
    T("error_log", _RUN + _SRC + "time text, time_text text, level text, module text, client_ip text, "
      "message text", indexes=(("time",),)),
    T("auth_events", _RUN + _SRC + "time text, time_text text, host text, program text, pid integer, "
      "event text, user text, client_ip text, port integer, method text, detail text, raw text",
      indexes=(("time",), ("client_ip",))),
    T("logins", _RUN + _SRC + "kind text, type text, user text, tty text, host text, ip text, pid integer, "
      "time text, session integer, flags text, ut_id text", indexes=(("time",),)),
    T("log_sources", _RUN + "path text, kind text, first_time text, last_time text, lines integer, "
      "parsed integer, errors integer, size integer, compressed integer, format text, detail text"),


    # -- scan: rule matches and signals, one score per file (issue 5)
    T("findings", _RUN + "path text, sha256 text, kind text, rule text, category text, score integer, "
      "description text, detail text, ruleset text", indexes=(("path",), ("sha256",))),
    # obfuscation (0-100) only ranks; top_rule is the strongest reason's name.
    T("file_scores", _RUN + "path text, sha256 text, score integer, verdict text, reasons text, "
      "obfuscation real, top_rule text", unique=(("path",),), indexes=(("verdict",),)),
    # what a scan run has judged, as ranges of its contents' places in inventory order (first..last,
    # inclusive), written with the findings of the same batches: `triage scan --resume` skips them
    T("scan_done", "run_id integer, first integer, last integer", indexes=(("run_id",),)),

    # -- query, watch and custody (issue 7): what `triage watch` saw, one row a file examined
    # (status: scanned, clean, vanished, unreadable, skipped); its findings go to `findings`.
    T("watch_events", _RUN + "time text, event text, path text, path_raw blob, size integer, sha256 text, "
      "mime text, magic text, score integer, verdict text, status text, detail text",
      indexes=(("path",), ("sha256",), ("time",))),
]

TABLES: dict[str, Table] = {t.name: t for t in BOOKKEEPING + COLLECTED}
