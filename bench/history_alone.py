"""Every dataset history of a site, computed with the build's own code and nothing else of the
build (for `make bench`): loading and checking the site, then git log, diffs and the cache.

    python bench/history_alone.py SITE [--no-cache]
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.fastpath import cache as buildcache, parallel
from gongkai.core.builddate import source_epoch
from gongkai.history.timeline import all_histories
from gongkai.check import check_site


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve()
    site, problems = check_site(root, source_epoch(root))
    if site is None or any(problem.is_error for problem in problems):
        print("the site has errors: run `gongkai check`", file=sys.stderr)
        return 1
    salt = None if "--no-cache" in argv else buildcache.code_salt(root)
    histories = all_histories(site, salt, parallel.worker_count())
    revisions = sum(len(history.revisions) for history in histories.values())
    rows = sum(len(part.diff.rows) for history in histories.values() for revision in history.revisions
               for part in revision.resources)
    print(f"{len(histories)} datasets, {revisions} revisions, {rows} row changes listed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
