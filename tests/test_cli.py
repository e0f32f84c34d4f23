"""The `gongkai` command: exit codes 0/1/2, the three output formats, both languages."""

import json
import subprocess
import sys

from support import write_item


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True, text=True, cwd=cwd)


def test_clean_site_exits_0(mini_site):
    result = run("check", "--root", str(mini_site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "检查通过：没有发现问题。\n"


def test_problems_exit_1_compiler_style_sorted(mini_site):
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025/1/8")
    write_item(mini_site, "2024/also-bad.md", index_no="11430000MB0000001B/2024-00009", extra="agency2: x\n")
    result = run("check", "--root", str(mini_site))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "content/disclosures/2024/also-bad.md:8:1: 错误: agency2: 不认识的项目“agency2”。是不是“agency”（发布机构）？"
        "可用的项目：title, index_no, agency, category, genre, doc_no, written, changed, published, effective, expires, "
        "disclosure, validity, supersedes, interprets, keywords, summary, attachments, embargo。 [unknown-key]",
        "content/disclosures/2025/bad.md:7:1: 错误: 发布日期（published）: 日期“2025/1/8”的写法不对，应写成 2025-01-08"
        "（年-月-日，月和日各两位）。 [date-format]",
        "共发现 2 个错误、0 个警告。请按上面的提示逐条修改后再发布。",
    ]


def test_english_rendering(mini_site):
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025/1/8")
    result = run("check", "--root", str(mini_site), "--lang", "en")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "content/disclosures/2025/bad.md:7:1: error: published: Date '2025/1/8' is not in the expected form; "
        "write 2025-01-08 (YYYY-MM-DD). [date-format]"
    )


def test_json_format_is_machine_readable(mini_site):
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025/1/8")
    result = run("check", "--root", str(mini_site), "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 1 and payload["warnings"] == 0
    (found,) = payload["problems"]
    assert (found["path"], found["line"], found["column"], found["field"], found["code"], found["severity"]) == (
        "content/disclosures/2025/bad.md", 7, 1, "published", "date-format", "error")


def test_github_format_is_annotations(mini_site):
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025/1/8")
    result = run("check", "--root", str(mini_site), "--format", "github")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=content/disclosures/2025/bad.md,line=7,col=1,title=发布日期（published） [date-format]::")


def test_misuse_exits_2(mini_site, tmp_path):
    assert run("check", "--format", "xml", "--root", str(mini_site)).returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("check", "--root", str(tmp_path / "nowhere")).returncode == 2
    assert run().returncode == 2


def test_check_writes_nothing(mini_site):
    before = sorted((p.relative_to(mini_site).as_posix(), p.stat().st_mtime_ns) for p in mini_site.rglob("*"))
    assert run("check", "--root", str(mini_site)).returncode == 0
    after = sorted((p.relative_to(mini_site).as_posix(), p.stat().st_mtime_ns) for p in mini_site.rglob("*"))
    assert before == after


def test_help_lists_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("check", "build", "deploy"):
        assert command in result.stdout
