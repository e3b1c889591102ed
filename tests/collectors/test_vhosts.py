from __future__ import annotations

import json

import pytest

from triage.urlmap import UrlMap

from ._sample import build_and_collect


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_and_collect(tmp_path_factory.mktemp("vhosts"), ["vhosts"])[1]


def test_vhost_rows(db):
    rows = {r["name"]: r for r in db.query("SELECT * FROM vhosts")}
    assert set(rows) == {"www.example.com", "admin.example.com"}
    admin = rows["admin.example.com"]
    assert json.loads(admin["aliases"]) == ["db.example.com"]
    assert admin["document_root"] == "/var/www/admin" and admin["user"] == "www-data"  # from Debian's envvars
    assert json.loads(admin["access_logs"])[0]["path"] == "/var/log/apache2/admin_access.log"
    assert json.loads(admin["access_logs"])[0]["format"].startswith("%v:%p %h")
    assert any("mod_php" in p for p in json.loads(rows["www.example.com"]["php"]))


def test_url_map_both_ways(db):
    m = UrlMap.from_case(db)
    path, route = m.file_for("db.example.com", "/dbadmin/index.php?target=x")
    assert path == "/usr/share/phpmyadmin/index.php" and route.kind == "alias" and route.executes_php
    assert (
        m.file_for("www.example.com", "/wp-content/uploads/2024/03/thumb.php")[0]
        == "/var/www/html/wp-content/uploads/2024/03/thumb.php"
    )
    assert m.file_for("unknown.example", "/index.php")[0] == "/var/www/html/index.php"  # first vhost answers
    assert m.file_for("www.example.com", "/a/../../../etc/passwd")[0] == "/var/www/html/etc/passwd"
    urls = {(h, u) for h, u, _r in m.urls_for("/usr/share/phpmyadmin/index.php")}
    assert urls == {("admin.example.com", "/dbadmin/index.php"), ("db.example.com", "/dbadmin/index.php")}
    assert {u for _h, u, _r in m.urls_for("/var/www/html/wp-content/uploads/2024/03/thumb.php")} == {
        "/wp-content/uploads/2024/03/thumb.php"
    }
    assert m.urls_for("/etc/shadow") == []


def test_planted_directives_flagged(db):
    flagged = {
        (r["directive"], r["source"]): json.loads(r["flags"])
        for r in db.query("SELECT * FROM web_config WHERE flags != '[]'")
    }
    assert flagged[("AddHandler", "/var/www/html/wp-content/uploads/.htaccess")] == [
        "PHP handler for non-PHP extensions .jpg"
    ]
    assert (
        "SetHandler",
        "/etc/apache2/mods-enabled/php7.3.conf",
    ) not in flagged  # scoped to .php by FilesMatch


def test_nginx_and_fpm(tree, run_collect):
    root = tree(
        {
            "/etc/nginx/nginx.conf": 'user nginx;\nhttp {\n  log_format main \'$remote_addr [$time_local] "$request" '
            "$status';\n  include /etc/nginx/conf.d/*.conf;\n}\n",
            "/etc/nginx/conf.d/shop.conf": "server {\n listen 443 ssl;\n server_name shop.example.com *.shop.test;\n"
            " root /srv/shop/public;\n access_log /var/log/nginx/shop.log main;\n"
            " location /static/ { alias /opt/assets/; }\n"
            " location ~ \\.php$ { fastcgi_pass unix:/run/php/fpm.sock; }\n}\n",
            "/etc/php/8.2/fpm/pool.d/www.conf": "[www]\nuser = www-data\nlisten = /run/php/fpm.sock\n"
            "php_admin_value[auto_prepend_file] = "
            "/tmp/.p.php\n",
        }
    )
    db = run_collect(root, only=["vhosts"])
    vh = next(db.query("SELECT * FROM vhosts"))
    assert (vh["server"], vh["name"], vh["tls"], vh["user"]) == ("nginx", "shop.example.com", 1, "nginx")
    assert json.loads(vh["access_logs"])[0]["format"].startswith("$remote_addr [$time_local]")
    m = UrlMap.from_case(db)
    assert m.file_for("a.shop.test", "/static/app.js")[0] == "/opt/assets/app.js"
    assert m.file_for("shop.example.com", "/index.php")[1].executes_php
    assert any("PHP runs as user www-data" in p for p in json.loads(vh["php"]))
    fpm = next(db.query("SELECT * FROM web_config WHERE directive LIKE 'php_admin_value%'"))
    assert "auto_prepend_file" in fpm["flags"]


def test_hostile_config_survives(tree, run_collect):
    root = tree({
        "/etc/apache2/apache2.conf": "Include loop.conf\nIncludeOptional missing/*.conf\nInclude /nowhere.conf\n",
        "/etc/apache2/loop.conf": "Include apache2.conf\n<VirtualHost *:80>\nServerName evil\x1b[2J.test\n"
                                  "DocumentRoot /var/www/x\x00y\nAlias /a\n</VirtualHost>\n",
    })
    db = run_collect(root, only=["vhosts"])
    vh = next(db.query("SELECT * FROM vhosts"))
    assert vh["name"] == "evil\x1b[2J.test"  # kept as written; escaped where shown
    assert vh["document_root"] == "/var/www/x\\x00y"  # a path column: display() text
    errors = {r["path"]: r["what"] for r in db.query("SELECT path, what FROM errors")}
    assert "include loop" in errors["/etc/apache2/apache2.conf"] and "/nowhere.conf" in errors
