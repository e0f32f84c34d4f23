"""Documentation keeps up: every make target and CLI command is in the README, every schema field
has a Chinese title and a description a clerk can read."""

import re
import subprocess

import yaml

from support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_make_target_is_in_the_readme():
    targets = re.findall(r"^([a-z]+):.*## ", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert {"html", "serve", "check", "test", "publish", "deploy", "clean", "bench"} <= set(targets)
    missing = [t for t in targets if f"make {t}" not in README]
    assert missing == []


def test_make_help_lists_the_targets():
    result = subprocess.run(["make", "help"], cwd=REPO, capture_output=True, text=True)
    for target in ("html", "serve", "check", "test", "publish", "deploy", "clean", "bench"):
        assert f"make {target}" in result.stdout


def test_every_cli_command_and_option_is_in_the_readme():
    import argparse

    from gongkai.cli import _parser

    (subparsers,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    commands = sorted(subparsers.choices)
    assert commands == ["audit", "build", "check", "deploy", "edit", "report"]
    for command in commands:
        assert f"gongkai {command}" in README
    assert "gongkai report draft" in README and "--agency" in README
    for option in ("--format github", "--format gitlab", "--format json", "--lang en", "--port PORT", "--no-browser",
                   "--full-check"):
        assert all(token in README for token in option.split()), option


def test_every_schema_field_has_a_title_and_the_required_ones_a_description():
    schema = yaml.safe_load((REPO / "schemas" / "disclosure.schema.yaml").read_text(encoding="utf-8"))
    for field in schema["fields"]:
        assert re.search(r"[\u4e00-\u9fff]", field["title"]), field["name"]
        if field.get("constraints", {}).get("required"):
            assert field.get("description"), field["name"]


def test_every_site_setting_is_in_the_readme_and_read_by_the_code():
    """The GONGKAI_ settings a site may set: those in pelicanconf.py and the history switches."""
    settings = set(re.findall(r"^(GONGKAI_[A-Z_]+)\s*=", (REPO / "pelicanconf.py").read_text(encoding="utf-8"), re.MULTILINE))
    settings = (settings - {"GONGKAI_ROOT"}) | {"GONGKAI_HISTORY", "GONGKAI_HISTORY_CACHE"}
    code = "".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "plugins" / "gongkai").rglob("*.py")))
    assert sorted(name for name in settings if f'"{name}"' not in code) == []
    assert sorted(name for name in settings if name not in README) == []


def test_every_harvester_address_is_in_the_readme_url_table():
    table = README[README.index("## 数据使用者可以下载什么"):README.index("## 更新记录")]
    for address in ("/catalog.jsonld", "/catalog.ttl", "/data.json", "/feeds/datasets.atom.xml",
                    "/feeds/agencies/<机构>/datasets.atom.xml", "/datasets/<标识>/changes/", "/datasets/<标识>/changes.csv"):
        assert f"`{address}`" in table, address
