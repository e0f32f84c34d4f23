"""Deterministic synthetic Gongkai sites for `make bench`: disclosure items, datasets, one big dataset.

Everything comes from `random.Random(seed)` and fixed dates (never the wall clock), so the same
arguments always give the same files. The text imitates a county portal (fictional 溪桥县) but
must never look like personal data: no run of 11 or more digits anywhere, no personal e-mail.

    python bench/generate.py --items 10000 --datasets 100 --rows 200 --out /tmp/site
    python bench/generate.py --big-dataset /tmp/big --rows 1000000
    python bench/generate.py --history-site /tmp/history --rows 100000 --commits 50
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import random

import yaml

REPO = Path(__file__).resolve().parent.parent
SEED = 20261124
COUNTY = "溪桥县"
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 11, 20)  # no published date after this (the bench builds on 2026-11-25)
EMBARGO_DAY = dt.date(2027, 1, 15)
NORMATIVE = ("规章", "行政规范性文件")
BIG_DATASET = "bench-big-ledger"
HISTORY_DATASET = "bench-history-ledger"
HISTORY_FIRST_DAY = dt.date(2026, 6, 1)

# (id suffix, name, short name used in 文号)
AGENCIES = [
    ("gov", "溪桥县人民政府", "溪政"), ("gov-office", "溪桥县人民政府办公室", "溪政办"),
    ("dev-reform", "溪桥县发展和改革局", "溪发改"), ("education", "溪桥县教育局", "溪教"),
    ("science", "溪桥县科学技术局", "溪科"), ("industry", "溪桥县工业和信息化局", "溪工信"),
    ("civil-affairs", "溪桥县民政局", "溪民"), ("justice", "溪桥县司法局", "溪司"),
    ("finance", "溪桥县财政局", "溪财"), ("hrss", "溪桥县人力资源和社会保障局", "溪人社"),
    ("natural-resources", "溪桥县自然资源局", "溪自然资"), ("ecology", "溪桥县生态环境分局", "溪环"),
    ("housing", "溪桥县住房和城乡建设局", "溪住建"), ("transport", "溪桥县交通运输局", "溪交"),
    ("water", "溪桥县水利局", "溪水"), ("agriculture", "溪桥县农业农村局", "溪农"),
    ("commerce", "溪桥县商务局", "溪商"), ("culture", "溪桥县文化旅游广电体育局", "溪文旅"),
    ("health", "溪桥县卫生健康局", "溪卫健"), ("veterans", "溪桥县退役军人事务局", "溪退役"),
    ("emergency", "溪桥县应急管理局", "溪应急"), ("audit", "溪桥县审计局", "溪审"),
    ("market", "溪桥县市场监督管理局", "溪市监"), ("statistics", "溪桥县统计局", "溪统"),
    ("medical-insurance", "溪桥县医疗保障局", "溪医保"), ("forestry", "溪桥县林业局", "溪林"),
    ("approval", "溪桥县行政审批服务局", "溪审批"), ("urban-management", "溪桥县城市管理和综合执法局", "溪城管"),
    ("town-qiaodong", "溪桥县桥东镇人民政府", "桥东政"), ("town-xishan", "溪桥县西山乡人民政府", "西山政"),
]

TOPICS = [
    ("城乡居民基本医疗保险", ["医保", "参保缴费"]), ("耕地地力保护补贴", ["耕地保护", "惠农补贴"]),
    ("农村危房改造", ["危房改造", "住房安全"]), ("高标准农田建设", ["高标准农田", "粮食安全"]),
    ("义务教育学校招生", ["义务教育", "招生入学"]), ("城市生活垃圾分类", ["垃圾分类", "人居环境"]),
    ("城镇老旧小区改造", ["老旧小区", "城市更新"]), ("安全生产专项整治", ["安全生产", "隐患排查"]),
    ("防汛抗旱", ["防汛", "抗旱", "应急"]), ("河湖长制", ["河长制", "水环境"]),
    ("森林防火", ["森林防火", "林业"]), ("食品安全", ["食品安全", "市场监管"]),
    ("政务服务“一网通办”", ["一网通办", "政务服务"]), ("优化营商环境", ["营商环境", "市场主体"]),
    ("中小企业纾困解难", ["中小企业", "减税降费"]), ("就业创业补贴", ["就业", "创业补贴"]),
    ("职业技能提升", ["职业技能", "培训补贴"]), ("城乡居民最低生活保障", ["低保", "社会救助"]),
    ("特困人员救助供养", ["特困供养", "社会救助"]), ("临时救助", ["临时救助", "急难救助"]),
    ("居家养老服务", ["养老服务", "老年人"]), ("婴幼儿照护服务", ["托育", "婴幼儿照护"]),
    ("公共租赁住房", ["公租房", "住房保障"]), ("农村人居环境整治", ["人居环境", "厕所革命"]),
    ("乡村振兴", ["乡村振兴", "产业发展"]), ("文物保护利用", ["文物保护", "文化遗产"]),
    ("全民健身", ["全民健身", "体育设施"]), ("预防接种", ["预防接种", "公共卫生"]),
    ("医疗废物管理", ["医疗废物", "生态环境"]), ("政府采购", ["政府采购", "公开招标"]),
    ("国有资产管理", ["国有资产", "资产管理"]), ("行政事业性收费", ["收费目录", "清单管理"]),
    ("地质灾害防治", ["地质灾害", "防灾减灾"]), ("农村公路养护", ["农村公路", "交通"]),
    ("退役军人优抚", ["优抚", "退役军人"]), ("城区停车管理", ["停车", "城市管理"]),
]

OPENINGS = [
    "为深入贯彻落实党中央、国务院和省委、省政府关于{topic}工作的决策部署，进一步提升工作质量和群众满意度，",
    "为规范{topic}工作，保障人民群众合法权益，",
    "为扎实推进{topic}工作，切实解决群众急难愁盼问题，",
    "为贯彻落实《湘江市{topic}工作方案》要求，推动各项任务落地见效，",
]
BASES = [
    "根据有关法律法规和上级文件规定，结合我县实际，制定本{kind}。",
    "经县人民政府同意，现就有关事项{kind}如下。",
    "结合全县工作实际，特制定本{kind}，请各乡镇（街道）、县直各有关单位认真贯彻执行。",
]
SECTION_TITLES = [
    ["总体要求", "主要任务", "保障措施"],
    ["工作目标", "实施范围和对象", "工作步骤", "工作要求"],
    ["基本情况", "主要做法", "存在问题", "下一步工作"],
    ["适用范围", "标准和程序", "监督管理", "附则"],
]
SENTENCES = [
    "坚持以人民为中心的发展思想，坚持问题导向和目标导向，统筹发展和安全。",
    "到{year}年底，全县{topic}工作机制基本健全，服务能力明显提升，群众获得感进一步增强。",
    "各乡镇人民政府（街道办事处）要落实属地责任，明确分管领导和具体经办人员，确保工作有人抓、有人管。",
    "县直各有关部门要按照职责分工，加强协调配合，形成工作合力，定期会商解决工作中遇到的困难和问题。",
    "全县共涉及{n}个乡镇、{m}个行政村（社区），预计惠及群众{k}万人。",
    "县财政统筹安排资金{amount}万元，专款专用，严禁挤占、挪用、截留。",
    "申请人可以通过“湘易办”政务服务平台在线办理，也可以到县政务服务中心综合受理窗口办理。",
    "对符合条件的申请，应当在{days}个工作日内作出决定；不予受理或者不予批准的，应当书面说明理由。",
    "建立工作台账，实行清单化管理、项目化推进，每月{day}日前报送工作进展情况。",
    "加强政策宣传解读，充分利用政府网站、政务新媒体和村务公开栏，提高政策知晓率。",
    "严格落实信息公开要求，按规定公开补助对象、补助标准和资金使用情况，主动接受社会监督。",
    "对工作推进不力、弄虚作假的，依法依规追究有关单位和人员的责任。",
    "上半年全县累计完成投资{amount}万元，同比增长{rate}%，完成年度目标任务的{rate2}%。",
    "开展专项督查{n}次，发现并整改问题{m}个，整改完成率达到100%。",
    "本{kind}自印发之日起施行，由县{short}负责解释。",
    "补助标准为每人每年{price}元，由县财政按季度通过“一卡通”发放到户。",
    "持续深化“放管服”改革，承诺办理时限平均压缩{rate}%，实现“最多跑一次”。",
    "组织业务培训{n}期，培训基层工作人员{k}百人次，提升基层经办能力。",
    "咨询电话：0731-5521{tail}（工作日上午8:30至12:00，下午14:30至17:30）。",
]
TOWNSHIPS = ["桥东镇", "桥西镇", "西山乡", "南岭镇", "北湖乡", "石门镇", "清河镇", "马坪乡", "龙潭镇", "白沙乡",
             "枫林镇", "青石乡", "金塘镇", "河口镇", "凤凰街道", "城关街道"]
ITEM_TYPES = ["耕地地力保护补贴", "农机购置补贴", "种粮一次性补贴", "养老服务补贴", "临时救助金", "就业补贴",
              "培训补贴", "危房改造补助"]
REMARKS = ["按季度发放", "已公示", "一卡通发放", "补发上月", "审核通过", "复核完成", "按月发放", "乡镇代发"]
LICENSE = {"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际许可协议", "path": "https://creativecommons.org/licenses/by/4.0/"}
FREQUENCIES = ["monthly", "quarterly", "annual", "semiannual", "irregular", "weekly"]


@dataclass
class Item:
    agency: int
    genre: str
    category: str
    published: dt.date
    topic: int
    embargo: bool = False
    index_no: str = ""
    title: str = ""
    supersedes: list = field(default_factory=list)
    interprets: list = field(default_factory=list)
    superseded: bool = False
    path: str = ""  # relative to content/disclosures/
    body: str = ""


def agency_id(number: int) -> str:
    return f"xq-{AGENCIES[number][0]}"


def agency_code(number: int) -> str:
    # 18 characters with letters, like a 统一社会信用代码; no run of 11 digits.
    return f"11431299MB00000{number + 1:02d}X"


def slugify(index_no: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in index_no)


def read_vocabulary(root: Path = REPO) -> tuple[list[str], list[str]]:
    """主题分类 and 体裁 as the site's schema lists them (the one source of truth)."""
    schema = yaml.safe_load((root / "schemas" / "disclosure.schema.yaml").read_text(encoding="utf-8"))
    enums = {f["name"]: f["constraints"]["enum"] for f in schema["fields"] if "enum" in f.get("constraints", {})}
    return enums["category"], enums["genre"]


def yaml_scalar(value: str) -> str:
    """A double-quoted YAML scalar: safe for 〔〕, colons, quotes and '#'."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- attachments: small real files, written once and shared by many items -----------------------


def pdf_document(*pages: str) -> bytes:
    """A small valid PDF showing each (ASCII) text on a page of its own, in Helvetica (the tests
    use it too)."""
    count, font = len(pages), 3 + 2 * len(pages)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * number) for number in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for number, text in enumerate(pages):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 18 Tf 72 720 Td ({escaped}) Tj ET".encode("ascii")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * number, font))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _png(rgb: tuple[int, int, int], size: int = 24) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def write_attachments(content: Path, rng: random.Random) -> list[tuple[str, str]]:
    """About twenty files under content/attachments/bench/; returns (file, title) pairs."""
    base = content / "attachments" / "bench"
    base.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(1, 7):
        name = f"notice-{number:02d}.pdf"
        (base / name).write_bytes(pdf_document(f"Bench attachment {number}: policy document"))
        made.append((f"bench/{name}", f"政策文件全文（第{number}号）"))
    for number in range(1, 5):
        name = f"map-{number:02d}.png"
        (base / name).write_bytes(_png((rng.randrange(256), rng.randrange(256), rng.randrange(256))))
        made.append((f"bench/{name}", f"示意图{number}"))
    for number in range(1, 5):
        name = f"table-{number:02d}.csv"
        lines = ["乡镇,户数,金额（万元）"] + [f"{t},{rng.randrange(50, 900)},{rng.randrange(10, 500)}.{rng.randrange(10)}"
                                            for t in TOWNSHIPS[:8]]
        (base / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        made.append((f"bench/{name}", f"分乡镇汇总表{number}"))
    for number in range(1, 4):
        name = f"guide-{number:02d}.txt"
        (base / name).write_text(f"办事指南{number}：申请材料、办理流程和办理时限见正文。\n", encoding="utf-8")
        made.append((f"bench/{name}", f"办事指南{number}"))
    for number in range(1, 4):
        name = f"forms-{number:02d}.zip"
        with zipfile.ZipFile(base / name, "w", zipfile.ZIP_DEFLATED) as archive:
            info = zipfile.ZipInfo("申请表.txt", date_time=(2024, 1, 1, 0, 0, 0))
            archive.writestr(info, f"申请表{number}：姓名、住址、申请事项（示例，无个人信息）。\n")
        made.append((f"bench/{name}", f"申请表格{number}"))
    return made


# --- disclosure items ------------------------------------------------------------------------------


def plan_items(count: int, rng: random.Random, categories: list[str], genres: list[str]) -> list[Item]:
    """Who publishes what and when; then index numbers in date order and the links between items."""
    span = (LAST_DAY - FIRST_DAY).days
    weights = [6 if g in NORMATIVE else 8 if g in ("通知公告", "工作动态") else 4 if g == "政策解读" else 2 for g in genres]
    items = []
    for _ in range(count):
        items.append(Item(agency=rng.randrange(len(AGENCIES)), genre=rng.choices(genres, weights)[0],
                          category=rng.choice(categories), published=FIRST_DAY + dt.timedelta(rng.randrange(span + 1)),
                          topic=rng.randrange(len(TOPICS))))
    if count >= 2:  # exactly one scheduled item
        items[-1].published, items[-1].embargo = EMBARGO_DAY, True
        if items[-1].genre == "政策解读":
            items[-1].genre = "通知公告"
    items.sort(key=lambda i: (i.published, i.agency, i.topic, i.genre))
    serials: dict[tuple, int] = {}
    for item in items:
        key = (item.agency, item.published.year)
        serials[key] = serials.get(key, 0) + 1
        item.index_no = f"{agency_code(item.agency)}/{item.published.year}-{serials[key]:05d}"
    latest_normative: dict[int, Item] = {}
    for item in items:  # oldest first
        previous = latest_normative.get(item.agency)
        if item.genre == "政策解读":
            if previous is None or previous.embargo:
                item.genre = "工作动态"
            else:
                item.interprets = [previous.index_no]
                item.topic = previous.topic
        elif item.genre in NORMATIVE and not item.embargo:
            if previous is not None and not previous.superseded and rng.random() < 0.35:
                item.supersedes = [previous.index_no]
                item.topic = previous.topic
                previous.superseded = True
            latest_normative[item.agency] = item
    return items


def _title(item: Item, by_index: dict, rng: random.Random) -> str:
    agency, topic, year = AGENCIES[item.agency][1], TOPICS[item.topic][0], item.published.year
    if item.interprets:
        return f"《{by_index[item.interprets[0]].title.removeprefix('关于印发').removesuffix('的通知').strip('《》')}》政策解读"
    titles = {
        "规章": f"{COUNTY}{topic}管理办法",
        "行政规范性文件": f"关于印发《{COUNTY}{topic}实施细则》的通知",
        "通知公告": f"关于开展{year}年{topic}工作的通知",
        "规划计划": f"{COUNTY}{topic}三年行动计划（{year}—{year + 2}年）",
        "工作动态": f"{agency}召开{year}年{topic}工作推进会",
        "工作总结": f"{agency}{year}年{topic}工作总结",
        "财政预决算": f"{agency}{year}年部门{'预算' if item.published.month < 7 else '决算'}公开",
        "统计信息": f"{COUNTY}{year}年{item.published.month}月{topic}统计数据",
        "人事信息": f"{agency}{year}年公开招聘工作人员公告",
        "行政许可": f"{agency}{year}年第{item.published.month}批行政许可结果公示",
        "行政处罚": f"{agency}行政处罚决定信息公开（{year}年第{rng.randrange(1, 60)}号）",
        "行政强制": f"{agency}行政强制措施信息公开（{year}年第{rng.randrange(1, 30)}号）",
        "行政事业性收费": f"{COUNTY}{year}年行政事业性收费目录清单",
        "政府采购": f"{COUNTY}{topic}项目公开招标公告",
        "建议提案办理": f"对县人大代表第{rng.randrange(1, 200)}号建议的答复（{topic}）",
        "年度报告": f"{agency}{year - 1}年政府信息公开工作年度报告",
    }
    return titles.get(item.genre, f"{agency}关于{topic}有关事项的说明")


def _fill(template: str, item: Item, rng: random.Random, kind: str) -> str:
    return template.format(
        topic=TOPICS[item.topic][0], year=item.published.year + 1, kind=kind, short=AGENCIES[item.agency][1][3:],
        n=rng.randrange(3, 17), m=rng.randrange(20, 300), k=rng.randrange(1, 40), amount=f"{rng.randrange(50, 99000):,}",
        days=rng.choice([5, 7, 10, 15, 20]), day=rng.choice([5, 10, 25]), rate=rng.randrange(3, 40),
        rate2=rng.randrange(40, 99), price=rng.choice([120, 240, 380, 600, 1200, 1800]), tail=f"{rng.randrange(10000):04d}",
    )


def _body(item: Item, rng: random.Random) -> str:
    """About 600 characters of Markdown: an opening, numbered sections, sometimes a table or a list."""
    kind = {"规章": "办法", "行政规范性文件": "细则", "规划计划": "计划", "工作总结": "总结"}.get(item.genre, "通知")
    parts = [_fill(rng.choice(OPENINGS), item, rng, kind) + _fill(rng.choice(BASES), item, rng, kind)]
    titles = rng.choice(SECTION_TITLES)
    numerals = "一二三四五六"
    length = len(parts[0])
    for position, heading in enumerate(titles):
        section = [f"## {numerals[position]}、{heading}"]
        for _ in range(rng.randrange(1, 4)):
            section.append(_fill(rng.choice(SENTENCES), item, rng, kind))
        if position == 1 and rng.random() < 0.25:
            rows = [f"| {t} | {rng.randrange(20, 900)} | {rng.randrange(10, 500)}.{rng.randrange(10)} |"
                    for t in rng.sample(TOWNSHIPS, 4)]
            section.append("| 乡镇 | 户数 | 金额（万元） |\n|---|---:|---:|\n" + "\n".join(rows))
        elif position == 2 and rng.random() < 0.25:
            section.append("\n".join(f"- {_fill(rng.choice(SENTENCES), item, rng, kind)}" for _ in range(3)))
        parts.append("\n\n".join(section))
        length += sum(len(s) for s in section)
        if length >= 600:
            break
    while length < 560:
        extra = _fill(rng.choice(SENTENCES), item, rng, kind)
        parts.append(extra)
        length += len(extra)
    return "\n\n".join(parts) + "\n"


def _front_matter(item: Item, rng: random.Random, attachments: list, categories: list) -> str:
    code, short = agency_code(item.agency), AGENCIES[item.agency][2]
    lines = [f"title: {yaml_scalar(item.title)}", f"index_no: {item.index_no}", f"agency: {agency_id(item.agency)}",
             f"category: {item.category}", f"genre: {item.genre}"]
    normative = item.genre in NORMATIVE
    if normative or item.genre in ("其他文件", "通知公告", "规划计划") or rng.random() < 0.1:
        lines.append(f"doc_no: {yaml_scalar(f'{short}发〔{item.published.year}〕{rng.randrange(1, 80)}号')}")
    if normative or rng.random() < 0.5:
        written = max(FIRST_DAY, item.published - dt.timedelta(rng.randrange(0, 21)))
        lines.append(f"written: {written.isoformat()}")
    lines.append(f"published: {item.published.isoformat()}")
    if normative:
        effective = item.published + dt.timedelta(30)
        lines.append(f"effective: {effective.isoformat()}")
        if item.superseded:
            lines.append(f"validity: {rng.choice(['失效', '已修改'])}")
        elif rng.random() < 0.05:
            lines += ["validity: 废止", f"expires: {(effective + dt.timedelta(365 * 2)).isoformat()}"]
        elif rng.random() < 0.3:
            lines.append(f"expires: {(effective + dt.timedelta(365 * 5)).isoformat()}")
    if rng.random() < 0.03:
        lines.append("disclosure: 依申请公开")
    if item.supersedes:
        lines.append(f"supersedes: [{', '.join(item.supersedes)}]")
    if item.interprets:
        lines.append(f"interprets: [{', '.join(item.interprets)}]")
    if rng.random() < 0.8:
        words = TOPICS[item.topic][1] + rng.sample(["政务公开", item.genre, COUNTY, "民生实事", "基层治理"], rng.randrange(0, 3))
        lines.append(f"keywords: [{', '.join(dict.fromkeys(words))}]")
    if rng.random() < 0.7:
        plain = item.body.split("\n\n")[0].replace("|", "").replace("#", "")
        lines.append(f"summary: {yaml_scalar(plain[:rng.randrange(60, 160)])}")
    if rng.random() < 0.3:
        lines.append("attachments:")
        for file, title in rng.sample(attachments, rng.randrange(1, 3)):
            lines += [f"  - file: {file}", f"    title: {yaml_scalar(title)}"]
    if item.embargo:
        lines.append("embargo: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def write_agencies(content: Path) -> None:
    entries = []
    for number, (suffix, name, _) in enumerate(AGENCIES):
        entry = [f"- id: {agency_id(number)}", f"  name: {name}", f"  code: {agency_code(number)}"]
        if number > 0:
            entry.append(f"  parent: {agency_id(0)}")
        entry.append(f"  phone: 0731-552{number + 100:03d}00")
        entry.append(f"  address: {COUNTY}桥城街道人民路{number + 1}号")
        if number % 3 == 0:
            entry.append(f"  email: xq-{suffix}@xiqiao.gov.cn")
        entry.append(f"  description: {name}依法履行职责，负责本部门政府信息公开工作。")
        entries.append("\n".join(entry))
    (content / "agencies.yaml").write_text("# 基准测试用的虚构机构\n" + "\n\n".join(entries) + "\n", encoding="utf-8")


def write_pages(content: Path) -> None:
    pages = content / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for slug, title in (("about", "关于本站"), ("guide", "政府信息公开指南"), ("accessibility", "无障碍声明")):
        (pages / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nsummary: 基准测试站点的{title}。\n---\n\n本页是性能基准测试生成的示例内容，{COUNTY}为虚构县。\n",
            encoding="utf-8")


def generate_items(count: int, seed: int = SEED, root: Path = REPO) -> tuple[list[Item], random.Random]:
    """The items with titles and bodies, without writing anything (also used for the Pelican baseline)."""
    rng = random.Random(seed)
    categories, genres = read_vocabulary(root)
    items = plan_items(count, rng, categories, genres)
    by_index = {item.index_no: item for item in items}
    for item in items:
        item.title = _title(item, by_index, rng)
        item.body = _body(item, rng)
        item.path = f"{item.published.year}/{agency_id(item.agency)}/{slugify(item.index_no)}.md"
    return items, rng


def copy_frame(out: Path) -> None:
    """Schemas, theme and settings of the repository: everything but content and datasets."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("schemas", "theme"):
        shutil.copytree(REPO / name, out / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(REPO / name, out / name)


def generate_site(out: Path, items_count: int, datasets: int, rows: int, seed: int = SEED,
                  with_sample: bool = False) -> list[Item]:
    """A whole site at `out` (which must not exist yet); returns the items. `with_sample` adds the
    bundled sample site (清溪县: its agencies, items, datasets, pages, reports) to it, so that the
    search relevance set (tests/fixtures/search-relevance.yaml) can be measured on a big site."""
    if out.exists():
        raise SystemExit(f"{out} already exists; give a new folder")
    copy_frame(out)
    content = out / "content"
    content.mkdir()
    write_agencies(content)
    if with_sample:
        add_sample(out)
    else:
        write_pages(content)
    items, rng = generate_items(items_count, seed)
    categories, _ = read_vocabulary()
    attachments = write_attachments(content, rng)
    for item in items:
        path = content / "disclosures" / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(item, rng, attachments, categories) + item.body, encoding="utf-8")
    (out / "datasets").mkdir(exist_ok=True)
    for number in range(1, datasets + 1):
        write_dataset(out / "datasets", number, rows, rng, categories)
    return items


def add_sample(out: Path) -> None:
    """Copy the sample site's content and datasets into `out`; its agencies join the generated ones."""
    for name in ("disclosures", "attachments", "pages", "reports", "transparency"):
        if (REPO / "content" / name).is_dir():
            shutil.copytree(REPO / "content" / name, out / "content" / name, dirs_exist_ok=True)
    shutil.copytree(REPO / "datasets", out / "datasets")
    agencies = out / "content" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "\n# 示例站点（清溪县）的机构\n"
                        + (REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"), encoding="utf-8")


# --- datasets ---------------------------------------------------------------------------------------


def _descriptor(name: str, title: str, description: str, publisher: int, theme: str, frequency: str,
                modified: dt.date, keywords: list, resource: dict, views: list | None) -> dict:
    descriptor = {
        "name": name, "title": title, "description": description, "publisher": agency_id(publisher),
        "theme": theme, "update_frequency": frequency, "modified": modified.isoformat(), "licenses": [LICENSE],
        "open_type": "无条件开放", "keywords": keywords,
        "temporal": {"start": "2019-01-01", "end": modified.isoformat()}, "spatial": COUNTY,
        "contact": {"name": f"{AGENCIES[publisher][1]}综合股", "phone": f"0731-552{publisher + 100:03d}00",
                    "email": f"xq-{AGENCIES[publisher][0]}@xiqiao.gov.cn"},
        "created": "2024-01-01T09:00:00+08:00", "resources": [resource],
    }
    if views:
        descriptor["views"] = views
    return descriptor


def _write_yaml(path: Path, data: dict) -> None:
    # safe_dump quotes every string that YAML would otherwise read as a date or number, so plain
    # Frictionless sees the same descriptor as the portal's strict reader.
    path.write_text("# 基准测试生成的虚构数据\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")


def write_dataset(base: Path, number: int, rows: int, rng: random.Random, categories: list[str]) -> None:
    """A township x month table with string, date, integer and number columns and one bar chart."""
    name = f"bench-data-{number:03d}"
    folder = base / name
    (folder / "data").mkdir(parents=True)
    topic, keywords = TOPICS[number % len(TOPICS)]
    publisher = number % len(AGENCIES)
    with (folder / "data" / "records.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["township", "month", "households", "amount"])
        for row in range(rows):
            month = dt.date(2019 + row // (12 * len(TOWNSHIPS)) % 8, row // len(TOWNSHIPS) % 12 + 1, 1)
            writer.writerow([TOWNSHIPS[row % len(TOWNSHIPS)], month.isoformat(), rng.randrange(0, 5000),
                             f"{rng.randrange(0, 900000) / 100:.2f}"])
    schema = {"fields": [
        {"name": "township", "title": "乡镇（街道）", "type": "string", "constraints": {"required": True}},
        {"name": "month", "title": "统计月份", "type": "date", "constraints": {"required": True}},
        {"name": "households", "title": "户数", "type": "integer", "constraints": {"minimum": 0}, "unit": "户"},
        {"name": "amount", "title": "金额", "type": "number", "constraints": {"minimum": 0}, "unit": "万元"},
    ]}
    resource = {"name": "records", "path": "data/records.csv", "title": f"{topic}分乡镇月度数据",
                "description": "每行为一个乡镇（街道）一个月的数据。", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", "schema": schema}
    view = {"name": "households-by-township", "title": f"各乡镇{topic}户数合计",
            "description": f"按乡镇（街道）汇总的{topic}户数，共{len(TOWNSHIPS)}个乡镇（街道），数据为基准测试生成的虚构数字。",
            "resources": ["records"], "specType": "vega-lite",
            "spec": {"width": 480, "height": 260, "mark": "bar",
                     "encoding": {"x": {"field": "township", "type": "nominal", "title": "乡镇（街道）"},
                                  "y": {"aggregate": "sum", "field": "households", "type": "quantitative", "title": "户数"}}}}
    modified = dt.date(2026, 1, 1) + dt.timedelta(rng.randrange(300))
    _write_yaml(folder / "datapackage.yaml", _descriptor(
        name, f"{COUNTY}{topic}统计（{number:03d}）", f"{COUNTY}{topic}分乡镇（街道）月度统计，基准测试生成的虚构数据。",
        publisher, categories[number % len(categories)], FREQUENCIES[number % len(FREQUENCIES)], modified,
        list(keywords), resource, [view]))
    (folder / "README.md").write_text(
        f"# {COUNTY}{topic}统计\n\n本数据集由性能基准测试生成，数字均为虚构。\n\n## 统计口径\n\n- 户数：当月享受政策的户数；\n- 金额：当月发放金额（万元）。\n",
        encoding="utf-8")


def generate_big_dataset(out: Path, rows: int, seed: int = SEED) -> Path:
    """A site at `out` holding only one dataset of `rows` x 8 columns; returns its datapackage.yaml.

    No primary key or unique constraint: the measurement is about streaming, and a key makes any
    validator remember every value.
    """
    if out.exists():
        raise SystemExit(f"{out} already exists; give a new folder")
    rng = random.Random(seed)
    (out / "schemas").mkdir(parents=True)
    for schema in (REPO / "schemas").glob("*.yaml"):
        shutil.copy2(schema, out / "schemas" / schema.name)
    (out / "content").mkdir()
    write_agencies(out / "content")
    write_pages(out / "content")
    categories, _ = read_vocabulary()
    folder = out / "datasets" / BIG_DATASET
    (folder / "data").mkdir(parents=True)
    start = dt.date(2019, 1, 1).toordinal()
    dates = [dt.date.fromordinal(start + day).isoformat() for day in range(2880)]
    with (folder / "data" / "ledger.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["record_no", "pay_date", "township", "item_type", "households", "amount", "unit_price", "remark"])
        randrange, choice = rng.randrange, rng.choice
        batch = []
        for row in range(1, rows + 1):
            households = randrange(1, 400)
            price = randrange(100, 90000)
            batch.append((row, dates[row * 7 % 2880], choice(TOWNSHIPS), choice(ITEM_TYPES), households,
                          f"{households * price / 100:.2f}", f"{price / 100:.2f}", choice(REMARKS)))
            if len(batch) == 10000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)
    schema = {"fields": [
        {"name": "record_no", "title": "记录序号", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "pay_date", "title": "发放日期", "type": "date", "constraints": {"required": True}},
        {"name": "township", "title": "乡镇（街道）", "type": "string", "constraints": {"required": True}},
        {"name": "item_type", "title": "补贴项目", "type": "string", "constraints": {"required": True}},
        {"name": "households", "title": "户数", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "amount", "title": "发放金额", "type": "number", "constraints": {"minimum": 0}, "unit": "元"},
        {"name": "unit_price", "title": "户均标准", "type": "number", "constraints": {"minimum": 0}, "unit": "元"},
        {"name": "remark", "title": "备注", "type": "string"},
    ]}
    resource = {"name": "ledger", "path": "data/ledger.csv", "title": "惠民补贴发放台账（汇总到乡镇）",
                "description": "每行为一个乡镇一个补贴项目一次发放的汇总，不含个人信息。", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}
    _write_yaml(folder / "datapackage.yaml", _descriptor(
        BIG_DATASET, f"{COUNTY}惠民补贴发放台账", f"{COUNTY}惠民补贴按乡镇汇总的发放台账，{rows}行，基准测试生成的虚构数据。",
        8, categories[3], "monthly", dt.date(2026, 11, 1), ["惠民补贴", "一卡通"], resource, None))
    return folder / "datapackage.yaml"


def generate_history_site(out: Path, rows: int, commits: int, seed: int = SEED) -> Path:
    """A git repository at `out`: a site whose one dataset starts with `rows` rows (keyed by
    record_no) and changes in each of `commits` - 1 later commits: 0.1 % rows added, 0.2 % of the
    rows get one cell changed, 0.02 % removed. Commit dates are fixed (one every two days from
    2026-06-01), so the same arguments always give the same repository. Returns `out`."""
    if out.exists():
        raise SystemExit(f"{out} already exists; give a new folder")
    rng = random.Random(seed)
    copy_frame(out)
    (out / "content").mkdir()
    write_agencies(out / "content")
    write_pages(out / "content")
    categories, _ = read_vocabulary()
    folder = out / "datasets" / HISTORY_DATASET
    (folder / "data").mkdir(parents=True)
    start = dt.date(2019, 1, 1).toordinal()
    header = ["record_no", "pay_date", "township", "item_type", "households", "amount", "unit_price", "remark"]

    def record(number: int) -> list[str]:
        households, price = rng.randrange(1, 400), rng.randrange(100, 90000)
        return [str(number), dt.date.fromordinal(start + number * 7 % 2880).isoformat(), rng.choice(TOWNSHIPS),
                rng.choice(ITEM_TYPES), str(households), f"{households * price / 100:.2f}", f"{price / 100:.2f}",
                rng.choice(REMARKS)]

    table = [record(number) for number in range(1, rows + 1)]
    next_number = rows + 1
    schema = {"fields": [
        {"name": "record_no", "title": "记录序号", "type": "integer", "constraints": {"required": True}},
        {"name": "pay_date", "title": "发放日期", "type": "date"},
        {"name": "township", "title": "乡镇（街道）", "type": "string"},
        {"name": "item_type", "title": "补贴项目", "type": "string"},
        {"name": "households", "title": "户数", "type": "integer"},
        {"name": "amount", "title": "发放金额", "type": "number", "unit": "元"},
        {"name": "unit_price", "title": "户均标准", "type": "number", "unit": "元"},
        {"name": "remark", "title": "备注", "type": "string"},
    ], "primaryKey": "record_no"}
    resource = {"name": "ledger", "path": "data/ledger.csv", "title": "惠民补贴发放台账（汇总到乡镇）",
                "description": "每行为一个乡镇一个补贴项目一次发放的汇总，不含个人信息。", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}
    last_day = HISTORY_FIRST_DAY + dt.timedelta(days=2 * (commits - 1))
    _write_yaml(folder / "datapackage.yaml", _descriptor(
        HISTORY_DATASET, f"{COUNTY}惠民补贴发放台账（更新记录基准）",
        f"{COUNTY}惠民补贴按乡镇汇总的发放台账，起始 {rows} 行，经 {commits} 次提交更新，基准测试生成的虚构数据。",
        8, categories[3], "irregular", last_day, ["惠民补贴", "一卡通"], resource, None))
    env = dict(os.environ, GIT_AUTHOR_NAME="基准测试", GIT_COMMITTER_NAME="基准测试",
               GIT_AUTHOR_EMAIL="bench@xiqiao.gov.cn", GIT_COMMITTER_EMAIL="bench@xiqiao.gov.cn")

    def git(*args: str, day: dt.date | None = None) -> None:
        stamp = {"GIT_AUTHOR_DATE": f"{day.isoformat()}T10:00:00+08:00",
                 "GIT_COMMITTER_DATE": f"{day.isoformat()}T10:00:00+08:00"} if day else {}
        subprocess.run(["git", "-C", str(out), *args], check=True, capture_output=True, env=dict(env, **stamp))

    git("init", "-q", "-b", "main")
    for number in range(commits):
        day = HISTORY_FIRST_DAY + dt.timedelta(days=2 * number)
        if number:
            for index in rng.sample(range(len(table)), max(1, len(table) // 500)):
                table[index][5] = f"{float(table[index][5]) + rng.randrange(1, 500):.2f}"
            for index in sorted(rng.sample(range(len(table)), max(1, len(table) // 5000)), reverse=True):
                del table[index]
            for _ in range(max(1, rows // 1000)):
                table.append(record(next_number))
                next_number += 1
        with (folder / "data" / "ledger.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(table)
        git("add", "-A")
        git("commit", "-q", "-m", "首次发布台账" if not number else f"第{number}次更新：补录、更正和撤回发放记录", day=day)
    return out


# --- the vanilla Pelican baseline: the same bodies in Pelican's own metadata format -----------------


def write_pelican_baseline(items: list[Item], out: Path) -> Path:
    """`out/content/*.md` with Title/Date/Category/Slug headers and `out/pelicanconf.py`; returns out."""
    content = out / "content"
    content.mkdir(parents=True)
    for item in items:
        path = content / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Title: {item.title}\nDate: {item.published.isoformat()}\nCategory: {item.category}\n"
                        f"Slug: {slugify(item.index_no)}\n\n{item.body}", encoding="utf-8")
    (out / "pelicanconf.py").write_text(
        '"""Vanilla Pelican: default theme, no plugins, no feeds; pagination as pelican-quickstart offers."""\n'
        'SITENAME = "Baseline"\nSITEURL = ""\nRELATIVE_URLS = True\nPATH = "content"\nTIMEZONE = "Asia/Shanghai"\n'
        'DEFAULT_LANG = "zh_cn"\nDEFAULT_PAGINATION = 10\n'
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n", encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="disclosure items (default 1000)")
    parser.add_argument("--datasets", type=int, default=100, help="datasets (default 100)")
    parser.add_argument("--rows", type=int, default=200, help="rows per dataset, or of the big dataset")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="the site folder to create")
    parser.add_argument("--big-dataset", type=Path, metavar="DIR",
                        help="create a site at DIR holding one dataset of --rows rows x 8 columns")
    parser.add_argument("--pelican-baseline", type=Path, metavar="DIR",
                        help="also write the same bodies as a vanilla Pelican site at DIR")
    parser.add_argument("--history-site", type=Path, metavar="DIR",
                        help="create a git repository at DIR: one dataset of --rows rows changed in --commits commits")
    parser.add_argument("--commits", type=int, default=50, help="commits of --history-site (default 50)")
    parser.add_argument("--with-sample", action="store_true",
                        help="add the bundled sample site (the targets of the search relevance set)")
    args = parser.parse_args(argv)
    if args.history_site:
        print(generate_history_site(args.history_site, args.rows, args.commits, args.seed))
        return 0
    if args.big_dataset:
        print(generate_big_dataset(args.big_dataset, args.rows, args.seed))
        return 0
    if not args.out:
        parser.error("give --out DIR (or --big-dataset DIR)")
    items = generate_site(args.out, args.items, args.datasets, args.rows, args.seed, args.with_sample)
    if args.pelican_baseline:
        write_pelican_baseline(items, args.pelican_baseline)
    print(f"{args.out}: {len(items)} items, {args.datasets} datasets of {args.rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
