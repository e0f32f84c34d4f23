"""The command-line side of the transparency package: `gongkai report draft` writes drafts of
annual reports into content/reports/<year>/, `gongkai audit` prints the self-check."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..core import sourcefs
from ..core.names import check_identifier
from ..core.problems import RENDERERS, has_errors


def add_parsers(sub) -> None:
    report = sub.add_parser("report", help="政府信息公开工作年度报告")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    draft = actions.add_parser("draft", help="生成某一年度的年度报告草稿（已有的报告不会被覆盖）")
    draft.add_argument("year", help="报告年度，如 2025")
    draft.add_argument("--agency", help="只为这个机构生成（content/agencies.yaml 中的 id）；不写时为所有还没有报告的机构和全县汇总报告生成")
    draft.add_argument("--root", default=".", help="站点仓库的根目录")
    audit = sub.add_parser("audit", help="对照国办秘函〔2019〕19号和《条例》自查网站内容，列出问题和要修改的文件")
    audit.add_argument("--root", default=".", help="站点仓库的根目录")
    audit.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")


def run(args, site, problems) -> int:
    """Exit code: 0 done, 1 content problems or a refused draft, 2 misuse."""
    if site is None or has_errors(problems) or site.transparency is None:
        sys.stdout.write(RENDERERS["text"](problems, "zh"))
        sys.stderr.write("内容有错误，请先按上面的提示修改（gongkai check）。\n")
        return 1
    if args.command == "audit":
        audit = site.transparency.audit
        sys.stdout.write(audit.json() if args.format == "json" else audit.text())
        return 0
    return _draft(args, site)


def _draft(args, site) -> int:
    # Imported here: `add_parsers` runs on every command, and these load the tabular stack.
    from .draft import draft_text
    from .register import REGISTER_DATASET
    from .reports import CONSOLIDATED, REPORTS_DIR, catalogue_rows

    if not (len(args.year) == 4 and args.year.isdigit()):
        sys.stderr.write(f"年度应当是四位数字，例如 2025，现在是“{args.year}”。\n")
        return 2
    year = int(args.year)
    if year >= site.today.year:
        sys.stderr.write(f"{year} 年度还没有结束（今天是 {site.today}），不能编写这一年的年度报告。\n")
        return 2
    agencies = site.agencies_by_id
    if args.agency is not None:
        refused = check_identifier("agency", args.agency)
        if refused is not None or args.agency not in agencies:
            sys.stderr.write(f"“{args.agency}”不是 content/agencies.yaml 中的机构标识。\n")
            return 2
    transparency = site.transparency
    have = {(report.agency_id, report.consolidated) for report in transparency.reports if report.year == year}
    folder = f"{REPORTS_DIR}/{year}"
    targets = []
    if args.agency is not None:
        targets.append((args.agency, False))
    else:
        targets += [(agency.id, False) for agency in site.agencies if (agency.id, False) not in have]
        if not any(consolidated for _, consolidated in have):
            targets.append((site.contact_agency.id if site.contact_agency else "", True))
    root = Path(site.root)
    reason = sourcefs.inspect_folder(root, folder)
    if reason is not None and reason.code != "source-missing":
        sys.stderr.write(f"{reason.message}\n")
        return 1
    schema = transparency.report_schema
    register = transparency.register
    written, refused = [], []
    for agency_id, consolidated in targets:
        name = CONSOLIDATED if consolidated else agency_id
        rel = f"{folder}/{name}.yaml"
        path = root / rel
        if os.path.lexists(path):
            refused.append(rel)
            continue
        computed = {}
        if not consolidated:
            computed["proactive"] = catalogue_rows(schema.by_table["proactive"], agency_id, year, site.items, set(), [])
            computed["proactive"].pop("_evidence")
            if register is not None:
                computed["applications"] = register.table3(agency_id, year)
        root_agency = _root_agency(site)
        owner = agencies.get(root_agency if consolidated else agency_id)
        title = (f"{owner.name if owner else ''}{year}年政府信息公开工作年度报告" + ("（全县汇总）" if consolidated else ""))
        text = draft_text(schema, title=title, year=year, agency_id=root_agency if consolidated else agency_id,
                          consolidated=consolidated, computed=computed,
                          register_name=REGISTER_DATASET if register is not None else None, today=site.today)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # never over an existing file
            handle.write(text)
        written.append(rel)
    for rel in written:
        sys.stdout.write(f"已生成草稿：{rel}\n")
    for rel in refused:
        sys.stdout.write(f"已经存在，没有改动：{rel}\n")
    if written:
        sys.stdout.write("请补全发布日期、文字部分和表中的数字，然后运行 gongkai check。\n")
    return 1 if refused and args.agency is not None else 0


def _root_agency(site) -> str:
    roots = [agency.id for agency in site.agencies if not agency.parent_id]
    return roots[0] if len(roots) == 1 else (site.contact_agency.id if site.contact_agency else "")
