"""services: enabled services with versions, databases, credential configs."""

from __future__ import annotations

import os
import sqlite3

from .dpkgfake import write_dpkg


def test_enabled_services_databases_and_credentials(tree, run_collect):
    root = tree({
        "/lib/systemd/system/postgresql@.service": "[Service]\nExecStart=/usr/bin/pg_ctlcluster %i start\n",
        "/lib/systemd/system/postgresql.service": "[Service]\nExecStart=/bin/true\n",
        "/lib/systemd/system/nginx.service": "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on;'\n",
        "/lib/systemd/system/unused.service": "[Service]\nExecStart=/usr/bin/unused\n",
        "/etc/postgresql/15/main/postgresql.conf": "data_directory = '/var/lib/postgresql/15/main'\n",
        "/var/lib/postgresql/15/main/base/1/112": b"x" * 1000,
        "/var/lib/postgresql/15/main/PG_VERSION": "15\n",
        "/etc/init.d/memcached": "#!/bin/sh\n",
        "/var/www/shop/.env": "APP_KEY=base64:abc\nDB_PASSWORD=hunter2\n",
        "/var/www/blog/wp-config.php": "<?php\ndefine( 'DB_PASSWORD', 'S3cret' );\n",
        "/var/www/blog/readme.html": "hello\n",
    })
    (root / "var/www/app").mkdir(parents=True)
    conn = sqlite3.connect(root / "var/www/app/data.sqlite")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    write_dpkg(root, {"postgresql-common": ["/lib/systemd/system/postgresql.service"],
                      "postgresql-15": ["/lib/systemd/system/postgresql@.service"],
                      "nginx-common": ["/lib/systemd/system/nginx.service"]})
    wants = root / "etc/systemd/system/multi-user.target.wants"
    os.makedirs(wants)
    for unit in ("postgresql.service", "nginx.service"):
        os.symlink(f"/lib/systemd/system/{unit}", wants / unit)
    os.makedirs(root / "etc/rc2.d")
    os.symlink("../init.d/memcached", root / "etc/rc2.d/S01memcached")
    db = run_collect(root, only=["files", "packages", "services"])
    got = {r["name"]: r for r in db["services"].rows}
    pg = got["postgresql"]
    assert (pg["database"], pg["version"], pg["data_dir"], pg["size"]) == (1, "1.0-1", "/var/lib/postgresql/15/main",
                                                                           1003)
    assert pg["config"] == "/etc/postgresql/15/main/postgresql.conf"
    assert "postgresql-15" in pg["notes"]
    assert (got["nginx"]["database"], got["nginx"]["package"]) == (0, "nginx-common")
    assert got["memcached"]["kind"] == "sysv" and got["memcached"]["database"] == 1
    assert "unused" not in got
    creds = {r["config"]: r for r in db["services"].rows if r["kind"] == "credentials"}
    assert set(creds) == {"/var/www/shop/.env", "/var/www/blog/wp-config.php"}
    assert creds["/var/www/shop/.env"]["line"] == 2
    everything = " ".join(str(v) for r in db["services"].rows for v in r.values())
    assert "hunter2" not in everything and "S3cret" not in everything
    sqlite = [r for r in db["services"].rows if r["kind"] == "sqlite"]
    assert [(r["data_dir"], r["size"]) for r in sqlite] == [
        ("/var/www/app/data.sqlite", (root / "var/www/app/data.sqlite").stat().st_size)]
