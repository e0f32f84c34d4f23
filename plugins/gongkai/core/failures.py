"""One line about a failure nobody foresaw, for a clerk; the whole traceback only for developers.

A traceback may quote content (a cell, a line of a body) and tells a clerk nothing, so what is
shown is what failed and where to look; GONGKAI_DEBUG=1 shows the traceback instead.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

DEBUG = "GONGKAI_DEBUG"


class Failure(Exception):
    """A failure we foresaw, whose message (plain Chinese) says what happened and what to do."""


def debugging() -> bool:
    return bool(os.environ.get(DEBUG))


def describe(exc: BaseException) -> str:
    """What went wrong, in one line without content: a file system error with its reason and
    file, anything else by its type and the place in our code where it was raised."""
    if isinstance(exc, Failure):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f"：{exc.filename}" if exc.filename else ""
        hint = "磁盘已满，请清理磁盘空间" if exc.errno == 28 else "请检查磁盘空间和文件夹的写入权限"
        return f"文件系统错误（{exc.strerror}{where}），{hint}"
    templates = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.endswith(".html")]
    if templates:  # a Jinja2 error in the theme: the template and its line are what to look at
        where = f"{Path(templates[-1].filename).name} 第 {templates[-1].lineno} 行"
        return f"网页模板出错（{where}：{type(exc).__name__}），请检查 theme/templates/ 中的这个模板"
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if f"{os.sep}gongkai{os.sep}" in frame.filename]
    place = f"，位置 {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return (f"程序内部错误（{type(exc).__name__}{place}），这不是内容的问题：请把这一行报告给维护者"
            f"（设置环境变量 {DEBUG}=1 再运行可看到详细信息）")


def report(exc: BaseException, what: str) -> str:
    """The text to print for `exc` while doing `what` (a Chinese verb phrase)."""
    if debugging():
        return "".join(traceback.format_exception(exc))
    return f"{what}失败：{describe(exc).rstrip('。')}。\n"
