"""False positives of the personal-information scanner on a whole site: every text file, line by line.

Run: PYTHONPATH=plugins .venv/bin/python bench/pii_corpus.py SITE [SITE ...]

Every `.md`, `.yaml`, `.csv` and `.txt` file under `content/` and `datasets/` is read as UTF-8 and
each line goes through `pii.scan_text` (the same function the check uses). On a site that holds no
personal data (the bundled sample, a `bench/generate.py` site) every finding is a false positive;
the findings are printed masked, with file:line, so they can be read and judged.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from gongkai.core.pii import scan_text

SUFFIXES = {".md", ".yaml", ".yml", ".csv", ".txt"}


def text_files(site: Path) -> list[Path]:
    found = []
    for folder in ("content", "datasets"):
        base = site / folder
        if base.is_dir():
            found += [p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES]
    return sorted(found)


def scan_site(site: Path) -> tuple[int, int, int, list[tuple[str, int, str, str]]]:
    files = lines = chars = 0
    findings = []
    for path in text_files(site):
        text = path.read_text(encoding="utf-8", errors="replace")
        files += 1
        for number, line in enumerate(text.splitlines(), start=1):
            lines += 1
            chars += len(line)
            for finding in scan_text(line):
                findings.append((path.relative_to(site).as_posix(), number, finding.kind, finding.masked))
    return files, lines, chars, findings


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for site in map(Path, argv):
        start = time.perf_counter()
        files, lines, chars, findings = scan_site(site)
        seconds = time.perf_counter() - start
        kinds = Counter(kind for _, _, kind, _ in findings)
        print(f"{site}: {files} files, {lines} lines, {chars} characters, {seconds:.2f} s; "
              f"{len(findings)} findings {dict(sorted(kinds.items()))}")
        for rel, line, kind, masked in findings:
            print(f"  {rel}:{line}: {kind} {masked}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
