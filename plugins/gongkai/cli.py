"""`gongkai` command line: check, build, deploy, edit, report draft, audit. Exit 0 success, 1 problems/failure, 2 misuse."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core import failures
from .core.builddate import BuildDateUnknown, source_epoch
from .privacy.pii import redact
from .core.problems import RENDERERS, has_errors
from .transparency import commands as transparency_commands


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="Gongkai 政府信息公开与开放数据门户：检查、构建、发布。",
                                     epilog=f"出现意外错误时只显示一行说明；设置环境变量 {failures.DEBUG}=1 可看到开发者需要的详细信息。")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="检查全部内容和数据集，只报告问题，不写任何文件")
    check.add_argument("--root", default=".", help="站点仓库的根目录（默认：当前目录）")
    check.add_argument("--format", choices=sorted(RENDERERS), default="text", help="输出格式：text（默认）、github（GitHub Actions 注释）、gitlab（GitLab 代码质量报告）、json")
    check.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言：zh（默认）或 en")

    build = sub.add_parser("build", help="检查并构建网站（原子替换输出目录）")
    build.add_argument("--root", default=".", help="站点仓库的根目录")
    build.add_argument("--settings", default="pelicanconf.py", help="Pelican 配置文件")
    build.add_argument("--output", default="output", help="输出目录")
    build.add_argument("--lang", choices=["zh", "en"], default="zh")
    build.add_argument("--serial", action="store_true",
                       help="一次只做一件事：不并行写网页、不在后台建立搜索索引（与默认方式输出逐字节相同，较慢）")
    build.add_argument("--no-cache", action="store_true",
                       help="不读也不写缓存，不复用上一次构建的文件，一切从头生成（与默认方式输出逐字节相同，较慢）")

    deploy = sub.add_parser("deploy", help="把构建好的输出用 ghp-import 发布到 gh-pages 分支并核对")
    deploy.add_argument("--root", default=".")
    deploy.add_argument("--output", default="output")
    deploy.add_argument("--branch", default="gh-pages")
    deploy.add_argument("--remote", default="origin")
    deploy.add_argument("--push", action="store_true", help="同时推送到远程仓库")
    deploy.add_argument("--force", action="store_true",
                        help="远程分支上有不是本工具发布的提交时，仍然覆盖它（只在确认同事的发布可以丢弃时使用）")
    transparency_commands.add_parsers(sub)

    edit = sub.add_parser("edit", help="在本机启动网页编辑器：保存前按 check 的全部规则检查，合格才写入并提交到 git")
    edit.add_argument("--root", default=".", help="站点仓库的根目录")
    edit.add_argument("--port", type=int, default=8080, help="端口（默认 8080；只在 127.0.0.1 上监听）")
    edit.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    edit.add_argument("--full-check", action="store_true", help="每次保存都从头检查全部文件（较慢；默认只重查改动过的文件和全站唯一性、引用）")
    return parser


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not root.is_dir():
        parser.error(f"找不到目录 {root}")
    try:
        return _run(args, root)
    except BuildDateUnknown as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("已中断。原来的网站输出没有改动。\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - a clerk gets one line; developers set GONGKAI_DEBUG
        sys.stderr.write(failures.report(exc, f"gongkai {args.command} ") + "原来的网站输出没有改动。\n")
        return 1


def _run(args, root: Path) -> int:
    if args.command == "check":
        return _check(root, args)
    if args.command == "build":
        from .build.build import build
        from .build.context import BuildOptions
        return build(root, Path(args.root) / args.settings if not Path(args.settings).is_absolute() else Path(args.settings),
                     root / args.output if not Path(args.output).is_absolute() else Path(args.output), lang=args.lang,
                     options=BuildOptions(serial=args.serial, cache=not args.no_cache))
    if args.command == "edit":
        from .editor.server import serve
        return serve(root, args.port, open_browser=not args.no_browser, full_check=args.full_check)
    if args.command in ("report", "audit"):
        from .check import check_site
        site, problems = check_site(root, source_epoch(root))
        return transparency_commands.run(args, site, problems)
    if args.command == "deploy":
        from .build.deploy import DeployError, deploy
        try:
            deploy(root, root / args.output, branch=args.branch, remote=args.remote, push=args.push, force=args.force)
        except DeployError as exc:
            sys.stderr.write(redact(f"发布失败：{exc}\n"))  # it may name an output file
            return 1
        return 0
    return 2


def _check(root: Path, args) -> int:
    from .check import load_and_draw
    from .fastpath import parallel
    from .fastpath.cache import PackCache, code_salt

    # The cache only saves drawing charts and rendering bodies again; `check` writes nothing.
    site, problems, _ = load_and_draw(root, source_epoch(root), store=False, cache=PackCache(root, code_salt(root)),
                                      workers=parallel.worker_count())
    sys.stdout.write(RENDERERS[args.format](problems, args.lang))
    return 1 if site is None or has_errors(problems) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
