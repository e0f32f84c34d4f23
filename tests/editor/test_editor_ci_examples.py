"""The CI examples run the check in a format the host shows on the right lines of a review."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from support import REPO, write_item


def test_github_workflow_runs_the_check_with_annotations():
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert steps[-2:] == ["make venv", ".venv/bin/gongkai check --format github"]
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True


def test_gitlab_pipeline_writes_a_code_quality_report():
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline["gongkai-check"]
    assert job["script"][-1] == ".venv/bin/gongkai check --format gitlab > gl-code-quality-report.json"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"


def test_gitlab_format_is_a_code_quality_report_on_the_problem_line(mini_site):
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025/1/8")
    result = subprocess.run([sys.executable, "-m", "gongkai", "check", "--root", str(mini_site), "--format", "gitlab"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [{k: v for k, v in entry.items() if k != "fingerprint"} for entry in report] == [{
        "check_name": "date-format",
        "description": "发布日期（published）: 日期“2025/1/8”的写法不对，应写成 2025-01-08（年-月-日，月和日各两位）。",
        "location": {"lines": {"begin": 7}, "path": "content/disclosures/2025/bad.md"},
        "severity": "major",
    }]
    assert len(report[0]["fingerprint"]) == 64
