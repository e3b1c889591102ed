from __future__ import annotations

import json

import pytest

from ._sample import build_and_collect


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_and_collect(tmp_path_factory.mktemp("apps"), ["vhosts", "web_apps"])[1]


def test_wordpress_core_plugins_themes(db):
    apps = {(r["app"], r["component"], r["name"]): r for r in db.query("SELECT * FROM web_apps")}
    assert apps[("wordpress", "core", "wordpress")]["version"] == "5.0.3"
    fm = apps[("wordpress", "plugin", "wp-file-manager")]
    assert fm["version"] == "6.0"  # CVE-2020-25213: unauthenticated upload, fixed in 6.9
    assert json.loads(fm["url_prefixes"]) == ["/wp-content/plugins/wp-file-manager"]
    assert apps[("wordpress", "plugin", "contact-form-7")]["version"] == "5.3.1"
    assert apps[("wordpress", "theme", "twentynineteen")]["version"] == "1.2"


def test_app_behind_alias_outside_var_www(db):
    pma = next(db.query("SELECT * FROM web_apps WHERE app = 'phpmyadmin'"))
    assert (pma["version"], pma["root"]) == ("4.8.1", "/usr/share/phpmyadmin")
    assert json.loads(pma["url_prefixes"]) == ["/dbadmin"]


def test_other_apps_and_dpkg(tree, run_collect):
    root = tree(
        {
            "/var/www/wiki/includes/Defines.php": "<?php\ndefine( 'MW_VERSION', '1.39.3' );\n",
            "/var/www/d7/includes/bootstrap.inc": "<?php\ndefine('VERSION', '7.58');\n",
            "/srv/cloud/version.php": "<?php\n$OC_Version = array(25,0,3,2);\n$OC_VersionString = '25.0.3';\n",
            "/srv/api/composer.lock": '{"packages": [{"name": "guzzlehttp/guzzle", "version": "7.4.1"}]}',
            "/usr/share/wordpress/wp-includes/version.php": "<?php\n$wp_version = '6.1.1';\n",
            "/var/lib/dpkg/status": "Package: wordpress\nStatus: install ok installed\nVersion: 6.1.1+dfsg1-1\n\n",
            "/var/lib/dpkg/info/wordpress.list": "/usr/share/wordpress\n/usr/share/wordpress/wp-includes/version.php\n",
        }
    )
    db = run_collect(root, only=["vhosts", "web_apps"])
    got = {(r["app"], r["name"]): (r["version"], r["package"]) for r in db.query("SELECT * FROM web_apps")}
    assert got[("mediawiki", "mediawiki")] == ("1.39.3", None)
    assert got[("drupal", "drupal")][0] == "7.58"
    assert got[("nextcloud", "nextcloud")][0] == "25.0.3"
    assert got[("composer", "guzzlehttp/guzzle")][0] == "7.4.1"
    assert got[("wordpress", "wordpress")] == ("6.1.1", "wordpress 6.1.1+dfsg1-1")
