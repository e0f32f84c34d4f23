"""Search tokens and queries: the Python that cuts page text for the index and the JavaScript that
cuts what the reader types must agree, and the query rules of issue 14 §3 hold."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from gongkai.search import text

REPO = Path(__file__).resolve().parent.parent
SEARCH_TEXT_JS = REPO / "theme" / "static" / "js" / "search-text.js"
VOCABULARIES = yaml.safe_load((REPO / "schemas" / "vocabularies.yaml").read_text(encoding="utf-8"))["search"]

SAMPLES = [
    "截至2026年3月31日，全县共有城乡低保对象4,361户6,798人。",
    "清医保发〔2025〕17号",
    "11431234MB1520062A/2024-00009",
    "Hello   World 12345热线",
    "  前后空白  \n\t中间  换行 ",
    "ＡＢＣ１２３　全角字母和数字，全角标点（保留）",
    "二〇二四年",
    "𠀀𪚥 扩展区汉字",
    "café naïve déjà",
    "emoji 👍 之后",
    "",
    "县",
    "①②③ ㊀ ½ 兀⺁",
    "tab\tand\u3000ideographic space",
]


def _node(script: str, *args: str):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run search-text.js outside the browser: run `bash .ci/run`.")
    run = subprocess.run([node, "--input-type=module", "-e",
                          f"const m = await import({json.dumps(SEARCH_TEXT_JS.as_uri())});" + script, "--", *args],
                         check=True, capture_output=True, text=True, timeout=60)
    return json.loads(run.stdout)


def test_python_and_javascript_cut_text_into_the_same_tokens():
    js = _node("console.log(JSON.stringify(JSON.parse(process.argv[1]).map((s) => [m.tokens(s), m.readBack(m.tokens(s))])));",
               json.dumps(SAMPLES))
    assert js == [[text.tokens(sample), text.read_back(text.tokens(sample))] for sample in SAMPLES]


def test_han_runs_become_overlapping_bigrams_ended_by_the_last_character():
    assert text.tokens("城乡低保。") == ["城乡", "乡低", "低保", "保", "。"]
    assert text.tokens("县") == ["县"]
    assert text.tokens("12345热线") == ["12345", "热线", "线"]
    assert text.tokens("a  b") == ["a", text.GAP, "b"]
    assert text.terms("城乡低保，2024 (年)") == {"城乡", "乡低", "低保", "保", "2024", "年"}


@pytest.mark.parametrize("sample", SAMPLES + ["ＡＢＣ ①② ㊀兀 Straße İstanbul ǅ 𠀀a_b", "x́y 〇〇七"])
def test_terms_are_the_matchable_tokens_of_the_text(sample):
    """terms() is computed from runs for speed; its definition is the token stream filtered by
    is_term, lower-cased."""
    assert text.terms(sample) == {token.lower() for token in text.tokens(sample) if text.is_term(token)}
    bigrams = {t for t in text.terms(sample) if len(t) == 2 and text.is_chained(t[0])}
    assert text.chain_starts(text.terms(sample)) == {t[0] for t in bigrams}


def test_text_reads_back_from_its_tokens_with_punctuation_as_written():
    for sample in ("截至2026年3月31日，全县共有城乡低保对象4,361户6,798人。", "清医保发〔2025〕17号",
                   "Hello World 12345热线", "（一）总体情况：见附件1。"):
        assert text.read_back(text.tokens(sample)) == sample
    assert text.read_back(text.tokens("ＡＢ１，")) == "AB1，"  # letters and digits plain, the Chinese comma kept


def _parse(*queries: str) -> list:
    return _node("const words = JSON.parse(process.argv[1]);"
                 "console.log(JSON.stringify(process.argv.slice(2).map((q) => m.parseQuery(q, words))));",
                 json.dumps(VOCABULARIES), *queries)


def _texts(parsed: dict) -> tuple[list, list]:
    return [segment["text"] for segment in parsed["required"]], [segment["text"] for segment in parsed["optional"]]


def test_question_and_action_words_need_not_be_on_the_page():
    parsed = _parse("怎么申请低保", "临时救助怎么申请", "如何申请政府信息公开", "新生儿户口在哪里办", "就业补贴怎么领",
                    "依申请公开", "申请", "我想申请低保")
    assert [_texts(query) for query in parsed] == [
        (["低保"], ["怎么", "申请"]),
        (["临时救助"], ["怎么", "申请"]),
        (["政府信息公开"], ["如何", "申请"]),
        (["新生儿户口"], ["在哪里", "办"]),
        (["就业补贴"], ["怎么", "领"]),
        (["依申请公开"], []),  # an action word inside a term stays
        (["申请"], []),  # a question of nothing else is searched as typed
        (["低保"], ["我想", "申请"]),
    ]


def test_a_query_is_searched_by_its_bigrams_and_a_unit_after_a_number_is_optional():
    low, years, spaced, identifier = _parse("低保", "2025年决算", "新生儿 落户", "清民发[2025]4号")
    assert low["required"] == [{"text": "低保", "tokens": ["低保"]}]  # never 低 or 保 alone
    assert _texts(years) == (["2025", "决算"], ["年"])
    assert [segment["tokens"] for segment in spaced["required"]] == [["新生", "生儿"], ["落户"]]
    assert identifier["identifier"] == "清民发〔2025〕4号"
    assert low["identifier"] is None
