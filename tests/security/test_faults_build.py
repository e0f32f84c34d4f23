"""Faults around a build end in one Chinese line and exit 1, never a traceback, and change nothing:
read-only or full output folders, broken templates, unexpected errors, killed builds' scratch."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai.core import scratch
from gongkai.build.build import build
from gongkai.cli import main
from support import publish_a_change

ROOT_ONLY = "mounting a small tmpfs needs root; as another user chmod makes the folder read-only instead"


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def can_mount() -> bool:
    return os.geteuid() == 0 and Path("/proc/mounts").exists()


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"SKIPPED LOUDLY: cannot mount a tmpfs here ({mounted.stderr.decode().strip()}); "
                    "the read-only and full-disk faults are not exercised")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def read_only(where: Path):
    if can_mount():
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    else:
        where.chmod(0o555)


def run_build(site: Path, output: Path, capsys) -> tuple[int, str]:
    code = main(["build", "--root", str(site), "--output", str(output)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def assert_one_clear_line(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text
    assert "原来的网站输出没有改动" in text


@pytest.fixture
def mounted(tmp_path):
    if not can_mount():
        where = tmp_path / "parent"
        where.mkdir()
        yield where
        where.chmod(0o755)
        return
    with tmpfs(tmp_path / "parent", "64m") as where:
        yield where


def test_read_only_output_parent_is_one_line_and_keeps_the_output(mini_site, mounted, capsys):
    output = mounted / "output"
    assert run_build(mini_site, output, capsys)[0] == 0
    before = tree(output)
    read_only(mounted)
    code, text = run_build(mini_site, output, capsys)
    assert code == 1
    assert_one_clear_line(text)
    assert "无法在" in text and ("Read-only file system" in text or "Permission denied" in text)
    assert tree(output) == before


def test_a_new_output_under_a_read_only_folder_is_refused_cleanly(mini_site, mounted, capsys):
    read_only(mounted)
    code, text = run_build(mini_site, mounted / "deeper" / "output", capsys)
    assert code == 1
    assert_one_clear_line(text)
    assert not (mounted / "deeper").exists()


def test_an_output_that_cannot_be_replaced_keeps_the_old_build(mini_site, tmp_path, capsys):
    if not can_mount():
        pytest.skip(f"SKIPPED LOUDLY: {ROOT_ONLY}; an output that is a mount point cannot be made otherwise")
    output = tmp_path / "site-output"
    with tmpfs(output, "64m"):
        assert build(mini_site, mini_site / "pelicanconf.py", tmp_path / "first") == 0
        subprocess.run(["cp", "-a", f"{tmp_path / 'first'}/.", str(output)], check=True)
        before = tree(output)
        publish_a_change(mini_site)  # (with nothing changed the build would have nothing to replace)
        code, text = run_build(mini_site, output, capsys)  # renaming a mount point fails (EBUSY)
        assert code == 1
        assert "无法替换" in text and "Traceback" not in text
        assert tree(output) == before
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".output-tmp-", ".output-old-"))] == []


def test_a_full_disk_fails_the_build_in_one_line_and_keeps_the_output(mini_site, tmp_path, capsys):
    if not can_mount():
        pytest.skip(f"SKIPPED LOUDLY: {ROOT_ONLY}; a full disk cannot be simulated without a small tmpfs")
    with tmpfs(tmp_path / "small", "16m") as where:
        output = where / "output"
        assert run_build(mini_site, output, capsys)[0] == 0
        before = tree(output)
        # Fill the disk, then leave about 64 KB free. Unbuffered: a buffered file would try to write
        # what did not fit once more when it is closed, and fail there.
        with open(where / "filler", "wb", buffering=0) as filler:
            with contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * 65536)
        os.truncate(where / "filler", max((where / "filler").stat().st_size - 65536, 0))
        publish_a_change(mini_site)
        code, text = run_build(mini_site, output, capsys)
        assert code == 1
        assert_one_clear_line(text)
        assert "No space left on device" in text and "磁盘已满" in text
        assert tree(output) == before
        assert sorted(p.name for p in where.iterdir()) == [".output-lock-output", "filler", "output"]


def test_a_broken_template_names_the_template_not_a_traceback(mini_site, capsys):
    page = mini_site / "theme" / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{{ page.title }}", "{{ page.title.no_such() }}"),
                    encoding="utf-8")
    code, text = run_build(mini_site, mini_site / "output", capsys)
    assert code == 1
    assert_one_clear_line(text)
    assert "网页模板出错（page.html 第" in text


def test_an_unexpected_error_is_one_line_and_the_debug_switch_shows_the_traceback(mini_site, capsys, monkeypatch):
    def explode(target, site):
        raise ZeroDivisionError("secret 13812345678")

    assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output", after_render=explode) == 1
    text = capsys.readouterr().err
    assert "程序内部错误（ZeroDivisionError" in text and "13812345678" not in text and "Traceback" not in text
    monkeypatch.setenv("GONGKAI_DEBUG", "1")
    assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output", after_render=explode) == 1
    assert "Traceback" in capsys.readouterr().err


def test_cli_turns_a_stray_exception_into_one_line(mini_site, capsys):
    (mini_site / "schemas" / "disclosure.schema.yaml").unlink()
    (mini_site / "schemas" / "disclosure.schema.yaml").mkdir()  # a folder where a file is read
    code = main(["check", "--root", str(mini_site)])
    text = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in text


# --- scratch space in /dev/shm ---------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_scratch_of_a_process_that_exited_but_was_not_collected_is_removed(tmp_path):
    """A zombie (a build's indexer whose parent was killed with it, under an init that does not
    collect orphans) owns nothing any more: its scratch is stale."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.time() + 30
    while Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.time() < deadline
        time.sleep(0.01)
    try:
        started = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
        left = tmp_path / f"gongkai-search-{child.pid}-{started}-abcd"
        left.mkdir()
        assert scratch.remove_stale(tmp_path) == [left.name]
        assert not left.exists()
    finally:
        child.wait()


def test_a_killed_builds_scratch_is_removed_and_a_running_ones_kept(mini_site, tmp_path):
    where = scratch.parent(mini_site)
    mine = f"{os.getpid()}-{scratch._started(os.getpid())}"
    stale = [where / f"gongkai-search-{dead_pid()}-1234-abcd", where / f"gongkai-index-{dead_pid()}-99-abcd.json"]
    stale[0].mkdir()
    (stale[0] / "bundle").mkdir()
    stale[1].write_text("{}")
    reused = where / f"gongkai-search-{os.getpid()}-1-reused"  # our pid, but not our start time
    reused.mkdir()
    running = where / f"gongkai-search-{mine}-running"
    running.mkdir()
    legacy_old = where / "gongkai-index-legacyold.json"
    legacy_old.write_text("{}")
    os.utime(legacy_old, (time.time() - 3 * 86400,) * 2)
    legacy_new = where / "gongkai-index-legacynew.json"
    legacy_new.write_text("{}")
    unrelated = where / "someone-elses-file"
    unrelated.write_text("x")
    try:
        assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output") == 0
        for path in stale + [reused, legacy_old]:
            assert not path.exists(), path
        for path in (running, legacy_new, unrelated):
            assert path.exists(), path
    finally:
        for path in (running, legacy_new, unrelated, reused, legacy_old, *stale):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists():
                path.unlink()


def test_a_build_leaves_no_scratch_behind_even_when_it_fails(mini_site):
    where = scratch.parent(mini_site)
    before = {p.name for p in where.iterdir() if p.name.startswith("gongkai-")}
    assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output") == 0

    def explode(target, site):
        raise RuntimeError("late failure")

    assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output", after_render=explode) == 1
    assert leftovers(where, before) == []


def leftovers(where: Path, before: set) -> list[str]:
    """New scratch entries whose owner has exited (other builds on this machine may be running)."""
    found = []
    for path in where.iterdir():
        owned = scratch.OWNED.match(path.name)
        if path.name not in before and owned and scratch._started(int(owned.group(1))) is None:
            found.append(path.name)
    return found


def descendants(root: int) -> list[int]:
    """The processes started (directly or not) by `root`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, pending = [], [root]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def test_a_killed_build_leaves_scratch_that_the_next_build_removes(mini_site):
    """SIGKILL a real build while Pagefind's scratch exists; the next build removes what it left."""
    where = scratch.parent(mini_site)
    before = {p.name for p in where.iterdir()}
    process = subprocess.Popen([sys.executable, "-m", "gongkai", "build", "--root", str(mini_site)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    # Other builds may run on this machine (another test suite) and write scratch of their own
    # there: only entries owned by this build's processes count. {pid: start time} of every
    # process the build ran (one that has exited since may have left the tree: its children are
    # then orphans, no longer found under the build).
    owners = {process.pid: scratch._started(process.pid)}

    def note_owners() -> None:
        for pid in descendants(process.pid):
            owners.setdefault(pid, scratch._started(pid))

    def new() -> list[Path]:
        found = []
        for path in where.iterdir():
            owned = scratch.OWNED.match(path.name)
            if path.name not in before and owned and int(owned.group(1)) in owners:
                found.append(path)
        return found

    deadline = time.time() + 60
    while (time.time() < deadline and process.poll() is None
           and not any(p.name.startswith("gongkai-search-") for p in new())):
        note_owners()
        time.sleep(0.01)
    # Every process of the build at once, as the kernel's OOM killer or a power cut would: killed
    # alone, the build's indexer would get SIGTERM (PR_SET_PDEATHSIG) and remove its own scratch
    # first, and on a loaded machine it always had the time to (this test then found nothing left).
    # All are stopped first, so that none starts another (a Pagefind orphaned by its killed parent
    # would go on writing into the scratch the next build removes).
    stopped: set[int] = set()
    while fresh := {process.pid, *descendants(process.pid)} - stopped:
        for pid in fresh:
            owners.setdefault(pid, scratch._started(pid))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        stopped |= fresh
    for pid in stopped:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    running = lambda: [pid for pid, started in owners.items()  # noqa: E731
                       if started is not None and scratch._started(pid) == started]
    process.wait()
    if not new():
        pytest.skip("SKIPPED LOUDLY: the build finished before it could be killed mid-way")
    deadline = time.time() + 30
    while running():
        assert time.time() < deadline, f"processes of the killed build still run: {running()}"
        time.sleep(0.01)
    # What the dead build left, taken at once: any build that starts on this machine (another
    # test suite's) removes a dead build's scratch, as it should.
    left = [name for name in leftovers(where, before) if int(scratch.OWNED.match(name).group(1)) in owners]
    lock = mini_site / ".output-lock-output"
    if lock.exists():  # killed after it took the output lock (on a slow machine it may die while still checking)
        with open(lock) as handle:  # the lock is free once every process holding it is gone
            deadline = time.time() + 30
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                    break
                except BlockingIOError:
                    assert time.time() < deadline, "the killed build's workers kept running"
                    time.sleep(0.05)
    assert left
    assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output") == 0
    assert [name for name in left if (where / name).exists()] == []
