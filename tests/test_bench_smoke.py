"""The benchmark never rots: the real generator and runner on a tiny site. No test asserts a time."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml

from support import BUILD_EPOCH, REPO
from gongkai.check import check_site

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402  (bench/ is not a package)

SMOKE = ["--sizes", "50", "--datasets", "3", "--rows", "20", "--big-rows", "2000,400", "--runs", "1",
         "--history-rows", "300", "--history-commits", "3", "--property-steps", "0"]
HISTORY = ["history_check_300", "history_alone_cold_300", "history_alone_warm_300", "history_build_off_300",
           "history_build_first_300", "history_rebuild_300"]
MEASUREMENTS = [
    "build_full_50", "baseline_pelican_50", "rebuild_unchanged_50", "rebuild_one_edit_50", "check_50", "pagefind_50",
    "validate_gongkai_2000", "validate_frictionless_2000", "validate_gongkai_400", "validate_frictionless_400",
] + HISTORY
DESIGN_KEYS = {"title", "index_no", "agency", "category", "genre", "published", "written", "doc_no", "disclosure",
               "validity", "effective", "expires", "supersedes", "interprets", "keywords", "summary", "attachments",
               "embargo"}
LONG_DIGIT_RUN = re.compile(r"[0-9]{11,}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+)")


def test_runner_measures_everything_on_a_tiny_site(tmp_path):
    results, work = tmp_path / "bench.json", tmp_path / "work"
    run = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), *SMOKE, "--workdir", str(work),
                          "--results", str(results), "--keep"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]

    site, problems = check_site(work / "site-50", BUILD_EPOCH)
    assert [p.render() for p in problems if p.is_error] == []
    assert (len(site.items), len(site.embargoed), len(site.datasets), len(site.agencies)) == (49, 1, 3, 30)

    data = json.loads(results.read_text(encoding="utf-8"))
    assert sorted(data["measurements"]) == sorted(MEASUREMENTS)
    for key, entry in data["measurements"].items():
        assert len(entry["runs"]) == 1, key
        assert entry["seconds"]["min"] > 0 and entry["seconds"]["median"] > 0, key
        assert entry["peak_rss_mb"] > 0, key
    for rows in (2000, 400):
        for tool in ("gongkai", "frictionless"):
            assert data["measurements"][f"validate_{tool}_{rows}"]["rows_per_second"] > 0
    assert data["measurements"]["pagefind_50"]["index_bytes"] > 0
    assert data["measurements"]["build_full_50"]["output_files"] > 0
    build = data["measurements"]["build_full_50"]
    if build["peak_tree_pss_mb"] is not None:  # shared pages count once: never more than the RSS sum
        assert 0 < build["peak_tree_pss_mb"] <= build["peak_tree_rss_mb"]
    assert all(value > 0 for value in data["ratios"].values() if not isinstance(value, list))
    assert len(data["targets"]) == 8 and all(isinstance(t["met"], bool) and t["measured"] > 0 for t in data["targets"])
    assert "targets:" in run.stdout
    assert data["measurements"]["history_build_first_300"]["changes_csv_bytes"] > 0
    # bench/search_cost.py ran in Chromium on the largest site: ten queries, each with its first results
    cost = data["search_cost"]["50"]["rows"]
    assert len(cost) == 10 and all(row["requests_first"] > 0 and row["kb_first"] > 0 for row in cost)
    assert all(row["requests_first"] <= 10 and row["kb_first"] <= 100 for row in cost[-2:])  # 文号, 索引号
    assert "search, first results in Chromium" in run.stdout
    assert {"history_build_first_vs_off_300", "history_rebuild_vs_first_300"} <= set(data["ratios"])


def test_history_site_has_the_commits_and_rows_asked_for(tmp_path):
    import subprocess as run_git

    root = generate.generate_history_site(tmp_path / "history", 500, 4)
    log = run_git.run(["git", "-C", str(root), "log", "--format=%s"], check=True, capture_output=True, text=True)
    assert len(log.stdout.splitlines()) == 4
    site, problems = check_site(root, BUILD_EPOCH)
    assert [p.render() for p in problems if p.is_error] == []
    [dataset] = site.datasets
    assert dataset.resources[0].row_count == 500 + 3 * (500 // 1000 or 1) - 3 * (500 // 5000 or 1)


def test_generated_site_uses_every_item_key_and_no_personal_data(tmp_path):
    root = tmp_path / "site"
    generate.generate_site(root, 600, 1, 20)
    used = set()
    for path in (root / "content" / "disclosures").rglob("*.md"):
        used |= set(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]))
    assert used == DESIGN_KEYS
    for path in [*(root / "content").rglob("*"), *(root / "datasets").rglob("*")]:
        if path.is_file() and path.suffix in (".md", ".yaml", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert LONG_DIGIT_RUN.search(text) is None, path
            assert {domain for domain in EMAIL.findall(text)} <= {"xiqiao.gov.cn"}, path


def test_generator_is_deterministic():
    first, _ = generate.generate_items(300)
    second, _ = generate.generate_items(300)
    assert [(i.index_no, i.title, i.body) for i in first] == [(i.index_no, i.title, i.body) for i in second]
