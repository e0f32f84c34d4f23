"""A big catalogue is read on every core; what it finds must not depend on that."""

from __future__ import annotations

from gongkai.model import disclosure
from gongkai.check import check_site

from support import BUILD_EPOCH, make_mini_site, write_item


def _big_site(root):
    site = make_mini_site(root)
    count = disclosure.PARALLEL_FROM + 100
    for number in range(count):
        write_item(site, f"2025/item-{number:04d}.md", title=f"示例县第{number}号通知",
                   index_no=f"11430000MB0000001B/2025-{number + 100:05d}", genre="通知公告")
    # errors in both halves: one read by a forked process, one by this one
    write_item(site, "2025/item-0010.md", index_no="11430000MB0000001B/2025-00500", genre="通知公告")  # duplicate
    write_item(site, f"2025/item-{count - 5:04d}.md", index_no=f"11430000MB0000001B/2025-{count + 95:05d}",
               genre="通知公告", published="2025-02-30")
    write_item(site, f"2025/item-{count - 3:04d}.md", index_no=f"11430000MB0000001B/2025-{count + 97:05d}",
               genre="通知公告", extra="supersedes:\n  - 11430000MB0000001B/2019-99999\n")
    return site, count


def test_problems_and_items_are_the_same_read_in_parallel_or_not(tmp_path, monkeypatch):
    site, count = _big_site(tmp_path / "site")
    parallel_site, parallel_problems = check_site(site, BUILD_EPOCH)
    monkeypatch.setattr(disclosure, "PARALLEL_FROM", 10 ** 9)
    serial_site, serial_problems = check_site(site, BUILD_EPOCH)

    assert [(p.path, p.line, p.column, p.code) for p in parallel_problems] == [
        ("content/disclosures/2025/item-0010.md", 3, 1, "duplicate-index-no"),
        ("content/disclosures/2025/item-0400.md", 3, 1, "duplicate-index-no"),
        (f"content/disclosures/2025/item-{count - 5:04d}.md", 7, 1, "date-invalid"),
        (f"content/disclosures/2025/item-{count - 3:04d}.md", 9, 5, "unknown-index-no"),
    ]
    assert parallel_problems == serial_problems
    assert [item.index_no for item in parallel_site.items] == [item.index_no for item in serial_site.items]
    assert len(parallel_site.items) == count + 3 - 4  # the mini site's 3, minus the 2 duplicates and 2 broken
