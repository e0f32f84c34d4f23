"""The editor's fast check (unchanged files' results reused) finds exactly what the full check
finds, and really checks only what changed."""

from __future__ import annotations

import pytest

from editor_support import PDF, item_path, new_item

from support import BUILD_EPOCH

from gongkai.editor.reuse import Reuse
from gongkai.editor.validate import Change, Checker

PLAN = "content/disclosures/2026/agri-land-subsidy-plan-2026.md"
RELIEF = "content/disclosures/2025/civil-temp-relief-2025.md"  # interpreted by civil-temp-relief-2025-jiedu.md
REPORT = "content/attachments/2026/qx-gov-office-2025-annual-report.pdf"
CSV = "datasets/hotline-12345-monthly/data/hotline-monthly.csv"


def change_sets(root):
    relief = (root / RELIEF).read_text(encoding="utf-8")
    csv = (root / CSV).read_bytes()
    new = item_path("11431234MB1520002E/2026-00101")
    return {
        "valid new item": [Change(new, new_item().encode()), Change("content/attachments/2026/补贴标准表.pdf", PDF)],
        "duplicate index_no": [Change(new, new_item(index_no="11431234MB1520047T/2026-00013").encode()),
                               Change("content/attachments/2026/补贴标准表.pdf", PDF)],
        "attachment missing": [Change(new, new_item().encode())],
        "attachment in use deleted": [Change(REPORT, None)],
        "attachment replaced by a link-free new file": [Change(REPORT, PDF)],
        "index_no others refer to changed": [Change(RELIEF, relief.replace("/2025-00015", "/2025-00999").encode())],
        "item others refer to deleted": [Change(RELIEF, None)],
        "csv type error": [Change(CSV, csv.replace(b"2026-10-01,1031", b"2026-10-01,x"))],
        "csv good": [Change(CSV, csv + b"2026-11-01,1000,700,690,98.6,97.2\n")],
    }


def verdicts(checker, root, epoch):
    answers = {}
    for name, changes in change_sets(root).items():
        verdict, _ = checker.check(changes, epoch)
        answers[name] = (sorted(p.sort_key() for p in verdict.errors), sorted(p.sort_key() for p in verdict.warnings))
    return answers


def test_fast_check_finds_what_the_full_check_finds(repository, tmp_path):
    full = verdicts(Checker(repository, tmp_path / "full"), repository, BUILD_EPOCH)
    fast = verdicts(Checker(repository, tmp_path / "fast", reuse=Reuse()), repository, BUILD_EPOCH)
    assert fast == full
    assert full["valid new item"] == ([], [])
    assert all(full[name][0] for name in full if name not in ("valid new item", "csv good",
                                                              "attachment replaced by a link-free new file"))


def test_fast_check_rechecks_only_the_changed_files(repository, tmp_path):
    reuse = Reuse()
    checker = Checker(repository, tmp_path / "fast", reuse=reuse)
    checker.baseline(BUILD_EPOCH)
    reuse.hits = reuse.misses = 0
    plan = (repository / PLAN).read_text(encoding="utf-8")
    verdict, _ = checker.check([Change(PLAN, plan.replace("7号", "8号").encode())], BUILD_EPOCH)
    assert verdict.ok
    assert reuse.misses == 1  # the changed item; every other item and every dataset reused
    verdict, _ = checker.check([Change(REPORT, PDF)], BUILD_EPOCH)
    assert reuse.misses == 2  # the item that attaches the changed file


@pytest.mark.parametrize("later", [1, 400])
def test_a_new_build_date_checks_everything_again(repository, tmp_path, later):
    reuse = Reuse()
    checker = Checker(repository, tmp_path / "fast", reuse=reuse)
    checker.baseline(BUILD_EPOCH)
    reuse.misses = 0
    checker.check([], BUILD_EPOCH + later * 86400)
    assert reuse.misses > 0
