"""A rebuild with nothing to do: every byte the build reads is the same as for the live output,
and the live output is still exactly what that build's manifest lists.

What a build reads: the code, theme, schemas and settings files (the cache's salt), the site's
`content/` and `datasets/` folders, the git commit the history is read from, the build date, and
the settings and options it is run with. The key below is taken over all of it (every file's
bytes, every name and link in the two folders); build.json records it. The slow twin
(`--no-cache`) never takes this path.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..core.manifest import hash_files
from .checked import folder_digest

SOURCES = ("content", "datasets")  # what the build reads of the site besides the salt's files


def input_key(root: Path, salt: str, epoch: int, commit: str, run: str) -> str:
    """sha256 over everything the build reads (`run`: the settings file, options and overrides,
    as a string): each source folder taken whole, as the check cache takes a dataset's folder."""
    digest = hashlib.sha256(f"inputs\0{salt}\0{epoch}\0{commit}\0{run}\0".encode())
    for top in SOURCES:
        digest.update(f"{top}\0{folder_digest(Path(root) / top)}\0".encode())
    return digest.hexdigest()


def intact(previous) -> bool:
    """Whether the live output holds exactly the files its manifest lists, with their bytes (and
    no link among them)."""
    found = hash_files(previous.output)
    if any(os.path.islink(os.path.join(previous.output, rel)) for rel in found):
        return False
    return {rel: entry[2] for rel, entry in found.items()} == previous.files
