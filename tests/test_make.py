"""The README's two commands are all the setup: `make test` installs what the tests need (or stops at
once saying how), `.ci/run` is just those commands, and `make html` ends with our own summary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support import BUILD_EPOCH, REPO

PACKAGES_SCRIPT = REPO / "tests" / "system-packages.sh"
NODE_STAMP = "tests/node/node_modules/.installed"
NPM_CI = "npm ci --no-audit --no-fund --loglevel=error"


def makefile_copy(target: Path) -> Path:
    """The Makefile and the files its targets depend on, in a folder of their own (no .venv)."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml", "tests/node/package.json",
                 "tests/node/package-lock.json", "tests/system-packages.sh"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    return target


def dry_run(folder: Path, *targets: str) -> list[str]:
    result = subprocess.run(["make", "-n", *targets], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_make_test_checks_system_packages_then_installs_the_pinned_node_tools_before_pytest(tmp_path):
    lines = dry_run(makefile_copy(tmp_path), "test")
    check = lines.index("bash tests/system-packages.sh")
    install = next(number for number, line in enumerate(lines) if NPM_CI in line)
    pytest_run = next(number for number, line in enumerate(lines) if "-m pytest" in line)
    assert check < install < pytest_run
    assert "cd tests/node" in lines[install]


def test_the_node_tools_are_installed_once_and_again_when_the_lock_changes(tmp_path):
    folder = makefile_copy(tmp_path)
    stamp = folder / NODE_STAMP
    stamp.parent.mkdir(parents=True)
    stamp.touch()
    lock = folder / "tests" / "node" / "package-lock.json"
    os.utime(lock, (stamp.stat().st_mtime - 60,) * 2)
    lines = dry_run(folder, "test")
    assert not any(NPM_CI in line for line in lines)
    assert "bash tests/system-packages.sh" in lines  # the system check runs every time: it is cheap
    lock.touch()
    os.utime(stamp, (lock.stat().st_mtime - 60,) * 2)
    assert any(NPM_CI in line for line in dry_run(folder, "test"))


@pytest.fixture
def open_folder():
    """A folder an ordinary user can enter (pytest's own tmp folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="gongkai-make-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def path_without(folder: Path, *hidden: str) -> str:
    """A PATH with every command of this one except `hidden` (as if those packages were not installed)."""
    commands = folder / "bin"
    commands.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in sorted(os.listdir(directory)):
            if entry not in hidden and not (commands / entry).exists() and os.access(os.path.join(directory, entry), os.X_OK):
                (commands / entry).symlink_to(os.path.join(directory, entry))
    commands.chmod(0o755)
    return str(commands)


def run_as_a_user(folder: Path, path: str) -> subprocess.CompletedProcess:
    """The check as an ordinary user (as nobody when the tests run as root, as CI does), with this PATH."""
    # A copy in the open folder: the checkout itself may sit in a folder only root can enter
    # (a clone under `mktemp -d`, mode 0700), which nobody could not read the script from.
    script = folder / PACKAGES_SCRIPT.name
    shutil.copyfile(PACKAGES_SCRIPT, script)
    script.chmod(0o755)
    command = ["bash", str(script)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("setpriv (util-linux) is needed to run the check as an ordinary user")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=folder,
                          env={"PATH": path, "HOME": str(folder), "LANG": "C.UTF-8"})


def test_a_user_without_chromium_is_told_the_exact_command_and_nothing_runs(open_folder):
    result = run_as_a_user(open_folder, path_without(open_folder, "chromium"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "make test 还需要这台电脑上没有的系统软件包：chromium（浏览器测试）。\n"
        "请用管理员权限运行下面这条命令安装，然后再运行 make test：\n"
        "  sudo apt-get install -y --no-install-recommends chromium\n"
    )


def test_a_user_missing_several_packages_gets_one_command_for_all(open_folder):
    result = run_as_a_user(open_folder, path_without(open_folder, "chromium", "java", "node", "npm"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "make test 还需要这台电脑上没有的系统软件包：chromium（浏览器测试）、default-jre-headless（HTML 检查用的 Java）、"
        "nodejs（Node.js 和 npm）。",
        "请用管理员权限运行下面这条命令安装，然后再运行 make test：",
        "  sudo apt-get install -y --no-install-recommends chromium default-jre-headless nodejs npm",
    ]


def test_as_root_the_missing_packages_are_installed(open_folder):
    """CI runs as root on a fresh machine: the check installs what is missing with apt-get (here an apt-get
    that only records its arguments, so the test neither needs the network nor changes the machine)."""
    if os.geteuid() != 0:
        pytest.skip("LOUD SKIP: only root installs packages; run the tests as root (as CI does) to cover this path")
    bin_folder = Path(path_without(open_folder, "chromium", "apt-get"))
    calls = open_folder / "apt-calls"
    (bin_folder / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n', encoding="utf-8")
    (bin_folder / "apt-get").chmod(0o755)
    env = {"PATH": str(bin_folder), "HOME": str(open_folder), "LANG": "C.UTF-8"}
    result = subprocess.run(["bash", str(PACKAGES_SCRIPT)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "update -qq", "install -y -qq --no-install-recommends chromium"]
    assert result.stdout == "正在安装测试需要的系统软件包：chromium\n"


def test_with_everything_installed_the_check_is_silent():
    result = subprocess.run(["bash", str(PACKAGES_SCRIPT)], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_ci_runs_only_the_readme_commands():
    commands = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands == ['set -euo pipefail', 'cd "$(dirname "$0")/.."', "make html", "make test"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make html" in readme and "make test" in readme


def build_command(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai", "build", "--root", str(site), "--output", str(site / "output")],
                          capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH=str(BUILD_EPOCH)))


def test_a_build_prints_only_our_chinese_summary(mini_site):
    result = build_command(mini_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == f"构建完成：3 条公开信息、0 个数据集、2 个机构，输出到 {mini_site / 'output'}。\n"


def test_a_pelican_warning_still_shows_and_fails_the_build(mini_site):
    """Pelican's own summary is silenced, its warnings are not."""
    (mini_site / "plugins").mkdir()
    (mini_site / "plugins" / "noisy.py").write_text(
        "import logging\nfrom pelican import signals\n\n"
        "def warn(pelican):\n    logging.getLogger('noisy').warning('模板中有一个问题 NOISY-42')\n\n"
        "def register():\n    signals.finalized.connect(warn)\n", encoding="utf-8")
    settings = mini_site / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'PLUGINS = ["gongkai.adapters.pelican"]', 'PLUGINS = ["gongkai.adapters.pelican", "noisy"]'), encoding="utf-8")
    result = build_command(mini_site)
    assert result.returncode == 1
    assert "NOISY-42" in result.stdout + result.stderr
    assert "Done: Processed" not in result.stdout + result.stderr
    assert not (mini_site / "output").exists()
