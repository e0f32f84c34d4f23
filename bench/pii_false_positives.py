"""False positives and speed of the personal-information detector on random and typical values.

Run: PYTHONPATH=plugins .venv/bin/python bench/pii_false_positives.py   (fixed seed, no args)
"""

from __future__ import annotations

import random
import time
from collections import Counter

from gongkai.core.pii import KIND_LABELS, resident_id_check_char, scan_cell

SEED = 20240601
SAMPLE = 1_000_000
KINDS = sorted(KIND_LABELS)

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code: old all-digit style or the newer "MA…" style."""
    if rng.random() < 0.5:
        body = f"{rng.randrange(10**8):08d}"
    else:
        body = "MA" + "".join(rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=6))
    total = sum(int(char, 36) * weight for char, weight in zip(body, ORG_CODE_WEIGHTS))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random) -> str:
    """A 统一社会信用代码 with valid check characters (GB 32100 and GB 11714)."""
    head = rng.choice(["11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93"])
    region = f"{rng.randrange(11, 66)}{rng.randrange(10**4):04d}"
    body = head + region + org_code(rng)
    total = sum(CREDIT_CODE_CHARS.index(char) * w for char, w in zip(body, CREDIT_CODE_WEIGHTS))
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def yyyymmdd(rng: random.Random) -> str:
    return time.strftime("%Y%m%d", time.gmtime(rng.randrange(-2208988800, 1798675200)))


def random_digits(rng: random.Random, length: int) -> str:
    return f"{rng.randrange(10**length):0{length}d}"


TYPICAL = {
    "amount 0.00-99999999999.99": lambda r: f"{r.randrange(10**13) / 100:.2f}",
    "count 0-9999999": lambda r: str(r.randrange(10**7)),
    "integer 11-13 digits": lambda r: str(r.randrange(10**10, 10**13)),
    "yyyymmdd date": yyyymmdd,
    "yyyy-mm-dd date": lambda r: f"{(d := yyyymmdd(r))[:4]}-{d[4:6]}-{d[6:]}",
    "credit code": credit_code,
    "index no code/yyyy-nnnnn": lambda r: f"{credit_code(r)}/{r.randrange(2000, 2027)}-"
    f"{r.randrange(1, 99999):05d}",
    "landline 0ddd-dddddddd": lambda r: f"0{r.randrange(10, 1000)}-{r.randrange(2 * 10**7, 10**8)}",
    "landline 0dddddddddd(d)": lambda r: f"0{r.randrange(10, 1000)}{r.randrange(2 * 10**7, 10**8)}",
    "percentage": lambda r: f"{r.random() * 100:.2f}%",
    # Shapes the joining of digit groups and letters touching numbers could misread:
    "integer 15 digits": lambda r: str(r.randrange(10**14, 10**15)),
    "small numbers, spaces": lambda r: " ".join(str(r.randrange(1, 3000)) for _ in range(r.randrange(3, 8))),
    "decimals, spaces": lambda r: " ".join(f"{r.random() * 1000:.2f}" for _ in range(r.randrange(3, 8))),
    "years, hyphens": lambda r: "-".join(str(r.randrange(1990, 2030)) for _ in range(r.randrange(2, 5))),
    "landline + extension": lambda r: f"0{r.randrange(10, 1000)}-{r.randrange(2 * 10**7, 10**8)}-{r.randrange(1, 9999)}",
    "order no letters+16 digits": lambda r: "DD" + random_digits(r, 16),
    "IPv4 address": lambda r: ".".join(str(r.randrange(256)) for _ in range(4)),
    "sha256 hex": lambda r: f"{r.getrandbits(256):064x}",
    "date time": lambda r: f"{(d := yyyymmdd(r))[:4]}-{d[4:6]}-{d[6:]} {r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}",
}


def count_findings(values: list[str], column_title: str = "") -> Counter:
    """How many values have at least one finding of each kind, and of any kind ("any")."""
    counts: Counter = Counter()
    for value in values:
        found = {finding.kind for finding in scan_cell(value, "", column_title)}
        counts.update(found)
        counts["any"] += bool(found)
    return counts


def print_rates(title: str, rows: list[tuple[str, int, Counter]]) -> None:
    columns = [*KINDS, "any"]
    print(f"\n{title}")
    print(f"{'sample':<44}{'n':>9}" + "".join(f"{kind:>13}" for kind in columns))
    for name, total, counts in rows:
        rates = "".join(f"{100 * counts[kind] / total:>12.4f}%" for kind in columns)
        print(f"{name:<44}{total:>9}{rates}")


def false_positives(rng: random.Random) -> None:
    rows = []
    ids = [random_digits(rng, 18) for _ in range(SAMPLE)]
    check_only = sum(resident_id_check_char(v[:17]) == v[17] for v in ids)
    rows.append(("(a) 18 random digits", SAMPLE, count_findings(ids)))
    rows.append(("(a) 18 random digits, 卡号 column", SAMPLE, count_findings(ids, "卡号")))

    with_check = [random_digits(rng, 17) + rng.choice("0123456789X") for _ in range(SAMPLE)]
    rows.append(("(b) 17 digits + random check char", SAMPLE, count_findings(with_check)))
    bodies = [random_digits(rng, 17) for _ in range(SAMPLE)]
    right_check = [body + resident_id_check_char(body) for body in bodies]
    rows.append(("(b') 17 digits + correct check char", SAMPLE, count_findings(right_check)))

    mobiles = ["1" + random_digits(rng, 10) for _ in range(SAMPLE)]
    rows.append(("(c) 11 random digits starting 1", SAMPLE, count_findings(mobiles)))

    cards = [random_digits(rng, rng.randrange(16, 20)) for _ in range(SAMPLE)]
    rows.append(("(d) 16-19 random digits", SAMPLE, count_findings(cards)))
    rows.append(("(d) 16-19 random digits, 银行卡号 column", SAMPLE, count_findings(cards, "银行卡号")))
    old_ids = [random_digits(rng, 15) for _ in range(SAMPLE)]
    rows.append(("(f) 15 random digits (old ID shape)", SAMPLE, count_findings(old_ids)))

    typical_rows = []
    per_kind = SAMPLE // len(TYPICAL)
    for name, make in TYPICAL.items():
        values = [make(rng) for _ in range(per_kind)]
        typical_rows.append((f"(e) {name}", per_kind, count_findings(values)))

    print_rates("False-positive rate (share of values with a finding; scan_cell)", rows)
    print(f"    (a) check character alone fits: {100 * check_only / SAMPLE:.3f}%"
          " (ISO 7064 MOD 11-2; the birth-date test removes nearly all of these)")
    print_rates("Typical statistical values", typical_rows)


def typical_cells(rng: random.Random, count: int) -> list[str]:
    """A column mix like a subsidy or statistics CSV: mostly short, some text, 1% real PII."""
    texts = ["张三", "男", "汉族", "湖南省长沙市岳麓区", "已发放", "长沙市岳麓区人民政府办公室",
             "城乡居民最低生活保障金发放情况（第三季度）", "138****1234", "4301**********1234"]
    makers = [*TYPICAL.values(), lambda r: r.choice(texts), lambda r: r.choice(texts)]
    personal = ["11010519491231002X", "13800138000", "6200000000000005", "zhangsan@qq.com"]
    return [
        rng.choice(personal) if rng.random() < 0.01 else rng.choice(makers)(rng)
        for _ in range(count)
    ]


def speed(rng: random.Random) -> None:
    print("\nSpeed over 1,000,000 cells (best of 3)")
    for name, cells in [
        ("typical CSV cells", typical_cells(rng, SAMPLE)),
        ("18 random digits (all reach the regex)", [random_digits(rng, 18) for _ in range(SAMPLE)]),
    ]:
        baseline = min(_timed(lambda: [len(cell) for cell in cells]) for _ in range(3))
        scanned = min(
            _timed(lambda: [scan_cell(cell, "value") for cell in cells]) for _ in range(3)
        )
        print(f"  {name:<40} scan_cell {scanned:6.2f} s  ({1e6 * scanned / len(cells):.2f} µs/cell,"
              f" {scanned / baseline:.0f}x a len() loop of {baseline:.3f} s)")


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    rng = random.Random(SEED)
    false_positives(rng)
    speed(rng)


if __name__ == "__main__":
    main()
