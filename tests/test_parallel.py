"""Forked workers: a failure in a child reaches the clerk as one line that says what failed, even
when the child's stderr goes nowhere (a captured stream, a detached terminal)."""

import errno
import os

import pytest

from gongkai.fastpath.parallel import Background, WorkerFailed, map_forked


def _fill_the_disk(part):
    if part == "child":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/site/output/datasets/a/a.xlsx")
    return part


def test_a_childs_failure_is_named_in_the_parents_message(capfd):
    with pytest.raises(WorkerFailed) as failed:
        map_forked(_fill_the_disk, ["parent", "child"], what="写出网页")
    assert str(failed.value) == ("并行写出网页时有进程失败：文件系统错误（No space left on device："
                                 "/srv/site/output/datasets/a/a.xlsx），磁盘已满，请清理磁盘空间")
    assert capfd.readouterr().err == ""  # said once, by the parent


def test_a_background_jobs_failure_is_named_when_waited_for():
    job = Background(lambda: _fill_the_disk("child"), "建立搜索索引")
    with pytest.raises(WorkerFailed, match="^建立搜索索引失败：文件系统错误（No space left on device"):
        job.wait()


def test_results_come_back_in_order_from_every_child():
    assert map_forked(lambda part: part * 2, [1, 2, 3, 4]) == [2, 4, 6, 8]
