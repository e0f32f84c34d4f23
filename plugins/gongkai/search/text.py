"""Search tokens: how page text is cut into the words the index holds. search-text.js cuts queries
the same way (tests/test_search_text.py runs both on the same strings).

Chinese has no spaces, and a browser's word segmenter and the indexer's dictionary disagree
(the browser splits 低保 into 低 + 保, so "低保" matched every page with a word starting with 保).
So the index relies on no dictionary: a run of Han characters c1…cn becomes the chain
c1c2, c2c3, …, c(n-1)cn, cn (overlapping bigrams, then the last character alone). Every
character starts exactly one token, a phrase of k ≥ 2 characters is k-1 consecutive bigrams,
and a single character is found as the start of a token. A run of letters and digits is one
token; every other character is a token of its own, and so is each gap of whitespace (GAP):
those are stored but never matched, so no phrase spans them and the text reads back from its
tokens for excerpts.
"""

from __future__ import annotations

import re
import unicodedata

# Whitespace between two tokens (read back as one space). Pagefind splits words on whitespace,
# so the gap needs a visible character of its own; it is punctuation to Pagefind, never indexed.
GAP = "¶"


# Han characters (with 〇): the blocks of CJK Unified Ideographs, their extensions and the
# compatibility ideographs (which NFKC maps into the unified blocks).
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U0003134f"
# One run per match: Han characters, letters and digits (\\w without _ and Han), whitespace, or
# one other character. (A regular expression rather than a loop over characters: the index
# cuts every page of the site.)
_RUN = re.compile(rf"([{_HAN}]+)|((?:(?![{_HAN}])[^\W_])+)|(\s+)|(.)", re.S)
_CHAINED_CHAR = re.compile(rf"[{_HAN}]")


def is_chained(char: str) -> bool:
    return _CHAINED_CHAR.match(char) is not None


def is_word(char: str) -> bool:
    """A letter or digit of a script written with spaces (Latin letters, digits ...)."""
    return unicodedata.category(char)[0] in "LN" and not is_chained(char)


def _runs(text: str):
    """(kind, text) in order: "chain" and "word" runs, single "punct" characters, and "space" for
    each stretch of whitespace (except at the end). Letters, digits and Han characters are taken
    in their NFKC forms (full-width letters and digits, compatibility ideographs); punctuation stays
    as written (NFKC would turn the Chinese comma into an English one)."""
    for match in _RUN.finditer(text):
        chained, word, space, other = match.groups()
        if space is not None:
            if match.end() < len(text):
                yield "space", " "
            continue
        if other is not None:
            yield "punct", other
            continue
        run = chained or word
        normal = unicodedata.normalize("NFKC", run) if not run.isascii() else run
        if normal == run:
            yield ("chain" if chained else "word"), run
        else:  # NFKC may change what kind of character it is (① is 1, ㊀ is 一)
            yield from _runs(normal)


def chain(run: str) -> list[str]:
    """c1c2, c2c3, …, c(n-1)cn, cn."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1:]] if run else []


def tokens(text: str) -> list[str]:
    """The token stream of a text, in order, whitespace as GAP (never at either end)."""
    found: list[str] = []
    for kind, run in _runs(text):
        if kind == "space":
            if found:
                found.append(GAP)
        else:
            found += chain(run) if kind == "chain" else [run]
    return found


def is_term(token: str) -> bool:
    """Whether a token can be matched by a search (letters, digits, Han), not punctuation or GAP."""
    return bool(token) and (is_chained(token[0]) or is_word(token[0]))


def terms(text: str) -> set[str]:
    """The distinct tokens of a text that a search can match, lower-cased as Pagefind indexes them:
    those of its chain and word runs (the tokens `is_term` accepts; a set, since the index cuts
    every page of the site)."""
    found: set[str] = set()
    for kind, run in _runs(text):
        if kind == "chain":
            found.update(run[i:i + 2] for i in range(len(run) - 1))
            found.add(run[-1])
        elif kind == "word":
            found.add(run.lower())
    return found


def chain_starts(terms: set[str]) -> set[str]:
    """The first character of each Han bigram among `terms` (a one-character query is the start
    of a token)."""
    return {term[0] for term in terms if len(term) == 2 and _CHAINED_CHAR.match(term) is not None}


def read_back(stream: list[str]) -> str:
    """The text a token stream stands for (what excerpts show): chains joined again, GAP as a space."""
    out = []
    for token in stream:
        if token == GAP:
            out.append(" ")
        elif len(token) == 2 and is_chained(token[0]) and is_chained(token[1]):
            out.append(token[0])  # a bigram: the next token starts with its second character
        else:
            out.append(token)
    return "".join(out)
