"""`gongkai report draft`: a pre-filled annual report for a clerk to complete.

The draft has every row of the national format in the order of the printed form, with the row
titles as comments; what the site computes (表二 for 规章 and 行政规范性文件, 表三 when there is a
register) is shown as comments for checking, not written as numbers, so a later correction in
the catalogue or the register flows into the report. It is refused by `gongkai check` until the
clerk writes the publication date and the sections 一、五、六: a draft is never published by accident.
"""

from __future__ import annotations

import datetime as dt

from .reportform import ReportSchema, TableSpec

GUIDE = {
    "overview": "本机关政府信息公开工作总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障。",
    "problems": "上一年度报告所列问题的改进情况；本年度存在的主要问题和改进措施。",
    "other": "收取信息处理费的情况；人大代表建议和政协提案办理结果公开情况；其他需要报告的事项。",
}


def _flow(values: dict) -> str:
    return "{" + ", ".join(f"{name}: {value}" for name, value in values.items()) + "}"


def _table_lines(table: TableSpec, computed: dict | None, consolidated: bool) -> list[str]:
    lines = [f"{table.name}:  # {table.label} {table.title}"]
    if consolidated:
        return [f"# {table.label}：由本年度各机构的报告相加，不用填写。"]
    columns_note = "，".join(f"{c.name} {c.title}" for c in table.columns if not c.sum_of)
    lines.append(f"  # 列：{columns_note}" + ("；合计列 total 不用填，由网站计算" if any(c.sum_of for c in table.columns) else ""))
    width = max(len(row.name) for row in table.rows)
    for row in table.rows:
        lines.append(f"  # {table.row_label(row)}")
        site_knows = computed is not None and (table.name != "proactive" or row.computed)
        if row.sum_of:
            lines.append(f"  # （{row.name} 是以上各行之和，由网站计算，不用填写）")
            continue
        columns = [c for c in table.columns_of(row) if not c.sum_of]
        if site_knows:
            numbers = {c.name: computed.get(row.name, {}).get(c.name, 0) for c in columns}
            lines.append(f"  # {row.name}: {_flow(numbers)}   ← 网站计算的数字，供核对，不用填写")
        else:
            lines.append(f"  {row.name}:{' ' * (width - len(row.name))} {_flow({c.name: 0 for c in columns})}")
    return lines


def draft_text(schema: ReportSchema, *, title: str, year: int, agency_id: str, consolidated: bool,
               computed: dict, register_name: str | None, today: dt.date) -> str:
    """The YAML text of one draft. `computed` is {table: {row: {column: number}}} of what the site knows."""
    due = dt.date(year + 1, 3, 31) if consolidated else dt.date(year + 1, 1, 31)
    lines = [
        f"# {title}（草稿：gongkai report draft 于 {today} 生成，请补全后再提交）",
        "# 格式：国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》。",
        "# 要补全的：published（发布日期）；overview、problems、other 三部分文字；表二、表四（和表三）中的数字，",
        "# 没有发生的填 0。运行 gongkai check 检查：各行各列的合计和“第一项加第二项之和等于第三项加第四项之和”都会核对。",
    ]
    if consolidated:
        lines.append(f"# 这是全县汇总报告：三张表由 content/reports/{year}/ 中各机构的报告相加，不用填写。")
        lines.append(f"agency: {agency_id}")
    lines.append(f"published:   # 发布日期，例如 {year + 1}-01-20；法定期限为 {due}")
    text_fields = [("overview", "一、总体情况")]
    for name, heading in text_fields:
        lines += [f"# {heading}：{GUIDE[name]}", f"{name}: |", "  "]
    for table in schema.tables:
        known = computed.get(table.name)
        if table.name == "applications" and not consolidated:
            if register_name:
                lines.append(f"# 表三由依申请公开登记表（datasets/{register_name}）计算，下面的数字供核对，不用填写。")
            else:
                lines.append("# 表三：请按本机关的依申请公开登记簿填写。")
        block = _table_lines(table, known, consolidated)
        if table.name == "applications" and register_name and not consolidated:
            block = ["# " + line if not line.startswith("  #") else "#" + line[1:] for line in block]
        lines += block
    for name, heading in (("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项")):
        lines += [f"# {heading}：{GUIDE[name]}", f"{name}: |", "  "]
    return "\n".join(lines) + "\n"
