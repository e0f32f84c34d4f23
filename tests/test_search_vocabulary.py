"""The search lists of schemas/vocabularies.yaml (synonyms, question and action words): read when
well formed, refused with a line, a field and a fix in plain Chinese when not."""

from __future__ import annotations

from gongkai.model.vocabularies import load_vocabularies

FRAME = "update_frequency: []\nopen_type: [无条件开放]\nattachment_types: [pdf]\n"


def _load(site, search: str):
    (site / "schemas" / "vocabularies.yaml").write_text(FRAME + search, encoding="utf-8")
    return load_vocabularies(site)


def _found(problems) -> list:
    return [(p.path, p.line, p.code, p.field) for p in problems]


def test_the_search_lists_are_read_as_written(mini_site):
    vocabularies, problems = _load(mini_site, "search:\n  synonyms:\n    - [低保, 最低生活保障]\n"
                                               "  question_words: [怎么, 如何]\n  action_words: [申请]\n")
    assert problems == []
    assert vocabularies.search_synonyms == [("低保", "最低生活保障")]
    assert vocabularies.question_words == ["怎么", "如何"] and vocabularies.action_words == ["申请"]


def test_a_site_without_search_lists_has_none(mini_site):
    vocabularies, problems = _load(mini_site, "")
    assert problems == [] and vocabularies.search_synonyms == [] and vocabularies.question_words == []


def test_a_synonym_group_of_one_word_or_a_repeated_word_is_refused(mini_site):
    vocabularies, problems = _load(mini_site, "search:\n  synonyms:\n    - [低保]\n    - [医保, 医保]\n"
                                               "    - [公积金, 住房公积金]\n")
    rel = "schemas/vocabularies.yaml"
    assert _found(problems) == [(rel, 6, "vocabularies-shape", "search.synonyms"),
                                (rel, 7, "vocabularies-shape", "search.synonyms")]
    assert "至少两个词" in problems[0].message and "重复" in problems[1].message
    assert vocabularies.search_synonyms == [("公积金", "住房公积金")]


def test_a_search_word_with_markup_or_a_control_character_is_refused(mini_site):
    vocabularies, problems = _load(mini_site, "search:\n  question_words: [怎么, \"<b>如何</b>\", \"哪\\u202e里\"]\n"
                                               "  action_words: [\"\"]\n")
    assert [p.code for p in problems] == ["markup-in-text", "unsafe-character", "vocabularies-shape"]
    assert vocabularies.question_words == ["怎么"] and vocabularies.action_words == []


def test_an_unknown_key_under_search_is_refused(mini_site):
    vocabularies, problems = _load(mini_site, "search:\n  synonym: [[低保, 最低生活保障]]\n")
    assert _found(problems) == [("schemas/vocabularies.yaml", 4, "vocabularies-shape", "search")]
    assert vocabularies.search_synonyms == []
