"""Site self-check (自查) against the inspection indicators of 国办秘函〔2019〕19号 and the
deadlines of the 条例: what an inspector would flag that the content itself can show, each
signal with the file to fix.

19号 fails a site outright (单项否决) whose home page is not updated for 2 weeks, and counts a
column as stale when a news column (动态、要闻) is idle for 2 weeks, a notice or policy column for
6 months, a personnel or planning column for a year; blank columns count too. It also flags
policy interpretations not linked both ways to their policy, and items without a date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

HOME_IDLE_DAYS = 14
# Column (体裁) → days it may stay idle (19号: news 2 weeks, notices and policies 6 months,
# personnel and plans 1 year).
IDLE_DAYS = {
    "工作动态": 14,
    "通知公告": 183, "行政规范性文件": 183, "其他文件": 183, "政策解读": 183,
    "人事信息": 366, "规划计划": 366,
}
DATED_GENRES = ("规章", "行政规范性文件", "其他文件", "规划计划")  # documents that have a 成文日期
RECENT_DAYS = 366  # late items and overdue applications of the last year are signalled

RULES = {
    "home-stale": ("首页超过2周未更新", True),
    "column-idle": ("栏目长期未更新", False),
    "column-empty": ("空白栏目", False),
    "interpretation-unlinked": ("政策文件与解读未关联", False),
    "item-undated": ("文件缺少成文日期", False),
    "item-late": ("超过20个工作日才公开", False),
    "dataset-overdue": ("数据集逾期未更新", False),
    "report-missing": ("年度报告未按时发布", False),
    "application-overdue": ("依申请公开逾期答复", False),
    "calendar-missing": ("缺少下一年度的节假日安排", False),
}


@dataclass(frozen=True)
class Signal:
    code: str
    message: str
    message_en: str
    file: str  # the file (or folder) to fix, repository-relative
    line: int = 0

    @property
    def rule(self) -> str:
        return RULES[self.code][0]

    @property
    def veto(self) -> bool:
        """单项否决: one such finding fails the whole site."""
        return RULES[self.code][1]

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Audit:
    today: dt.date
    signals: list

    def groups(self) -> list[tuple[str, str, bool, list]]:
        """[(code, rule, veto, signals)] in the order of RULES, only rules with signals."""
        return [(code, rule, veto, [s for s in self.signals if s.code == code])
                for code, (rule, veto) in RULES.items() if any(s.code == code for s in self.signals)]

    def text(self) -> str:
        lines = [f"网站自查（{self.today}，对照国办秘函〔2019〕19号和《政府信息公开条例》）"]
        for _, rule, veto, signals in self.groups():
            lines.append(f"\n{rule}{'（单项否决）' if veto else ''}：{len(signals)} 项")
            lines += [f"  {signal.location}: {signal.message}" for signal in signals]
        lines.append("\n" + (f"共 {len(self.signals)} 项需要处理。" if self.signals else "没有发现问题。"))
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        payload = {"date": self.today.isoformat(), "count": len(self.signals),
                   "signals": [dict(asdict(s), rule=s.rule, veto=s.veto) for s in self.signals]}
        return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def run(site, transparency) -> Audit:
    today = site.today
    signals: list[Signal] = []
    items = site.items
    if not items or (today - items[0].published).days > HOME_IDLE_DAYS:
        last = items[0].published if items else None
        signals.append(Signal("home-stale",
                              f"最近一条公开信息发布于 {last}，已 {(today - last).days} 天没有更新（超过2周即单项否决）。"
                              if last else "本站还没有任何公开信息。",
                              f"The newest item is from {last}." if last else "No items at all.", "content/disclosures/"))
    newest: dict = {}
    for item in items:
        newest.setdefault(item.genre, item)
    for genre, days in IDLE_DAYS.items():
        item = newest.get(genre)
        if item is not None and (today - item.published).days > days:
            signals.append(Signal("column-idle",
                                  f"“{genre}”栏目最近一条发布于 {item.published}，已 {(today - item.published).days} 天未更新"
                                  f"（此类栏目不超过 {days} 天）。",
                                  f"Column '{genre}' idle since {item.published} (limit {days} days).", item.rel))
    for article in transparency.statutory:
        for node in article.nodes:
            if not node.items and not (node.agencies and site.agencies):
                signals.append(Signal("column-empty", f"法定主动公开内容“{node.title}”下没有任何信息。",
                                      f"Statutory node {node.slug} is empty.", "content/disclosures/"))
    for item in items:
        if item.genre == "政策解读" and not item.interprets:
            signals.append(Signal("interpretation-unlinked", f"政策解读“{item.title}”没有写解读对象（interprets），不能与原文件互相链接。",
                                  "An interpretation without 'interprets'.", item.rel))
    for item in site.normative_in_force:
        if not item.interpreted_by:
            signals.append(Signal("interpretation-unlinked",
                                  f"现行有效的{item.genre}“{item.title}”没有政策解读与之关联。请发布解读并写 interprets: [{item.index_no}]。",
                                  "A policy in force without an interpretation.", item.rel))
    for item in items:
        if item.genre in DATED_GENRES and item.written is None:
            signals.append(Signal("item-undated", f"{item.genre}“{item.title}”没有成文日期（written），无法核对公开时效。",
                                  "A document without 'written'.", item.rel))
    for found in transparency.timeliness.late:
        if (today - found.item.published).days <= RECENT_DAYS:
            signals.append(Signal("item-late",
                                  f"“{found.item.title}”{found.start_label} {found.start}、发布 {found.item.published}，"
                                  f"用了 {found.workdays} 个工作日，超期 {found.late_by} 个工作日。",
                                  f"Published {found.late_by} working day(s) late.", found.item.rel))
    for dataset in site.overdue_datasets:
        signals.append(Signal("dataset-overdue", f"数据集“{dataset.title}”已逾期 {dataset.days_overdue} 天未更新。",
                              f"Dataset {dataset.name} is {dataset.days_overdue} days overdue.",
                              f"{dataset.rel_dir}/datapackage.yaml"))
    signals += _reports(site, transparency)
    register = transparency.register
    if register is not None:
        for application in register.overdue():
            if (today - (application.replied or today)).days <= RECENT_DAYS:
                state = f"{application.replied} 才答复" if application.replied else "至今未答复"
                signals.append(Signal("application-overdue",
                                      f"登记编号 {application.number}：{application.received} 收到，应于 {application.deadline} 前答复，"
                                      f"{state}，逾期 {application.days_over} 个工作日。",
                                      f"Application {application.number} is {application.days_over} working day(s) overdue.",
                                      register.rel, application.line))
    if today.month == 12 and not transparency.calendar.knows(today.year + 1):
        signals.append(Signal("calendar-missing",
                              f"还不知道 {today.year + 1} 年的节假日安排：1月1日以后按工作日计算的期限会报错。"
                              f"请在国务院办公厅发布通知后补充到 schemas/workdays.yaml，或升级 chinese-calendar。",
                              f"The holiday arrangement of {today.year + 1} is not known yet.", "schemas/workdays.yaml"))
    return Audit(today, signals)


def _reports(site, transparency) -> list[Signal]:
    """条例 art. 49-50: every agency's report of last year by 31 January, the government's by 31 March."""
    signals = []
    year = site.today.year - 1
    due = dt.date(year + 1, 1, 31)
    if site.today > due:
        for agency in transparency.agencies_without_report(year):
            signals.append(Signal("report-missing", f"{agency.name}的{year}年政府信息公开工作年度报告应在 {due} 前发布，至今没有。",
                                  f"{agency.id}: no annual report for {year} (due {due}).",
                                  f"content/reports/{year}/{agency.id}.yaml"))
    if site.today > dt.date(year + 1, 3, 31) and not any(r.year == year and r.consolidated for r in transparency.reports):
        signals.append(Signal("report-missing", f"{year}年的全县（市、区）政府信息公开工作年度报告应在 {year + 1}-03-31 前发布，至今没有。",
                              f"No consolidated report for {year}.", f"content/reports/{year}/index.yaml"))
    for report in transparency.reports:
        if report.days_late:
            signals.append(Signal("report-missing", f"{report.year}年度报告应在 {report.due} 前发布，晚了 {report.days_late} 天。",
                                  f"Report published {report.days_late} days late.", report.rel))
    return signals
