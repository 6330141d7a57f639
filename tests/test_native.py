"""The compiled cleaner and matcher (classifier._native) gives what the Python reference gives."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier import skills
from classifier.errors import JobclassError
from classifier.skills import SkillMatcher
from classifier.taxonomy import load_taxonomy, parse_taxonomy
from classifier.text import collapse_whitespace, mask_markdown

from .conftest import SAMPLE, needs_shared

pytestmark = pytest.mark.skipif(
    skills._native is None, reason="classifier._native was not built (no C compiler when jobclass was installed)"
)

TAXONOMY = load_taxonomy()
COMPILED = SkillMatcher(TAXONOMY, native=True) if skills._native is not None else None
PYTHON = SkillMatcher(TAXONOMY, native=False)

# Pieces that exercise every cleaning and matching rule, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "C++",
        "C++17",
        " Developer",
        "-engineers",
        " developers,",
        " analyst",
        "Java Developer",
        "DevOps engineers",
        "UX designer",
        "scientists",
        "C#",
        ".NET",
        "ASP.NET",
        "Node.js",
        "node.jsx",
        "CI/CD",
        "A/B testing",
        "R",
        "R&D",
        "R's",
        "Go",
        "Go to market",
        "C",
        "Series C",
        "Excel",
        "excel at",
        "Spark",
        "Python",
        "python3.11",
        "Python3x",
        "pythonic",
        "sklearn",
        "scikit-learn",
        "k8s",
        "GCP",
        "Google Cloud Platform",
        "machine\nlearning",
        "machine  learning",
        "machine\n\nlearning",
        "data pipelines",
        "programming language",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "\x00",
        "\x1c",
        "\u00a0",
        "\u2003",
        "\u2028",
        "\u0130",
        "\ud800",
        "\u212a8s",
        "\u00e9",
        "\u0663",
        "- ",
        "* ",
        "+ ",
        "\u2022 ",
        "1. ",
        "12) ",
        "1234. ",
        "# ",
        "###### ",
        "####### ",
        "> - ",
        "---",
        "- - -",
        "***",
        "___",
        "===",
        "|",
        "**",
        "`",
        "_",
        "~",
        "\\",
        "[link](http://x.io/a)",
        '[t](u "title")',
        "](",
        "](a b)",
        "https://example.com/python",
        "http://",
        "www.sql.org",
        "xwww.",
        "jane.doe@mail.com",
        "a@b.c",
        "@x.io",
        "+x@y.org",
        "a@b.com@c.org",
        "<p>",
        "</li>",
        "<br/>",
        "<abc",
        "<a_b>",
        "&amp;",
        "&#169;",
        "&#x2F;",
        "&copy2;",
        "&",
        "<",
        "<!-- note -->",
        "2024",
        "v2.0",
        ".",
        ",",
        "(",
        ")",
        "/",
        "-",
        "+",
        "#",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)
MANY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _found(matcher: SkillMatcher, text: str) -> list[tuple[str, str, int, int, str]]:
    return [tuple(match) for match in matcher.find(text)]  # type: ignore[misc]


def test_the_default_matcher_is_compiled():
    assert COMPILED.compiled
    assert not PYTHON.compiled


@MANY
@given(TEXT)
def test_compiled_and_python_find_the_same(text):
    assert skills._native.clean(text) == collapse_whitespace(mask_markdown(text))
    assert _found(COMPILED, text) == _found(PYTHON, text)
    assert COMPILED.skill_indices(text) == PYTHON.skill_indices(text)


# Character by character from a small alphabet of the characters the cleaner acts on, so that
# the rare neighbourhoods (an address right after an address, a marker before a tab) come up.
CLEANER_ALPHABET = 'ab1R@.+-_ \t\n/:w*=#>|[]()"<&;!~`\\\x00\u00a0\u2022\u00e9'
WORDS = st.sampled_from(["http://", "https://", "www.", "com", "python", "sql", "<p>", "&amp;", "](", "sklearn"])


@MANY
@given(st.lists(st.one_of(st.text(alphabet=CLEANER_ALPHABET, max_size=6), WORDS), max_size=25).map("".join))
def test_compiled_and_python_clean_the_same(text):
    assert skills._native.clean(text) == collapse_whitespace(mask_markdown(text))
    assert _found(COMPILED, text) == _found(PYTHON, text)


# A taxonomy of awkward keys: symbols first and last, digits, several words, strict names with
# cue words and vetoes, one key the prefix of another, phrases that hide an alias (not_in) before,
# after and around it, one of them around a strict name.
AWKWARD = parse_taxonomy(
    tomllib.loads(
        """
[platform]
".NET" = ["dotnet"]
S3 = ["aws s3"]
[language]
"C++" = ["cpp"]
C = { strict = ["C"], cues = ["pointer"], not_preceded_by = ["series"] }
Go = { strict = ["Go", "Golang", "Go lang"], not_followed_by = ["to"], not_in = ["let's go now"] }
[method]
data = { aliases = ["data pipelines", "data-pipe"], not_in = ["big data", "data of", "no data pipelines here"] }
"A/B testing" = ["a/b"]
[tool]
X1 = ["x1.5", "x"]
"""
    ),
    "awkward.toml",
)
AWKWARD_PIECES = st.sampled_from(
    [
        ".net",
        "dotnet",
        "asp.net",
        "s3",
        "S34",
        "aws s3",
        "c++",
        "C",
        "C++",
        "cpp",
        "Go",
        "Golang",
        "Go lang",
        "go to",
        "series",
        "pointer",
        "data",
        "data pipelines",
        "data-pipe",
        "data pipe",
        "big data",
        "big",
        "data of",
        "of",
        "no data pipelines here",
        "let's go now",
        "let's Go now",
        "x",
        "x1",
        "x1.5",
        "x15",
        "a/b",
        "a/b testing",
        "A/B",
        " ",
        "\n",
        "-",
        ".",
        "/",
        "+",
        "#",
        "1",
        "3.2",
    ]
)


@MANY
@given(st.lists(st.one_of(AWKWARD_PIECES, st.text(max_size=4)), max_size=30).map("".join))
def test_compiled_and_python_agree_on_awkward_keys(text):
    compiled = SkillMatcher(AWKWARD, native=True)
    python = SkillMatcher(AWKWARD, native=False)
    assert compiled.compiled
    assert _found(compiled, text) == _found(python, text)


def test_compiled_and_python_agree_on_the_sample_postings():
    import pandas as pd

    for text in pd.read_csv(SAMPLE)["description"].fillna(""):
        assert _found(COMPILED, text) == _found(PYTHON, text)


def test_compiled_and_python_agree_on_every_shared_posting():
    import pandas as pd

    postings = needs_shared("data", "remote-jobs-2024.csv.gz")
    texts = pd.read_csv(postings, usecols=["description"])["description"].fillna("")
    differing = [row for row, text in enumerate(texts) if _found(COMPILED, text) != _found(PYTHON, text)]
    assert differing == []


def test_an_alias_outside_ascii_falls_back_to_python():
    taxonomy = parse_taxonomy({"method": {"Künstliche Intelligenz": []}}, "de.toml")
    matcher = SkillMatcher(taxonomy, native=True)
    assert not matcher.compiled
    assert [match.name for match in matcher.find("Wir suchen künstliche Intelligenz.")] == ["Künstliche Intelligenz"]


def test_the_python_path_can_be_chosen_by_environment(monkeypatch):
    monkeypatch.setenv("JOBCLASS_PURE_PYTHON", "1")
    assert not skills.native_available()
    assert not SkillMatcher(TAXONOMY).compiled
    monkeypatch.setenv("JOBCLASS_PURE_PYTHON", "0")
    assert skills.native_available()


def test_the_compiled_matcher_refuses_bad_arguments():
    with pytest.raises(ValueError, match="ASCII"):
        skills._native.Matcher([("ké", 0)], [], b"\x01", 80)
    with pytest.raises(ValueError, match="index anchors"):
        skills._native.Matcher([("python", 3)], [], b"\x01", 80)
    with pytest.raises(TypeError):
        skills._native.Matcher(["python"], [], b"\x01", 80)
    matcher = skills._native.Matcher([("python", 0)], [], b"\x01", 80)
    with pytest.raises(ValueError, match="offsets"):
        matcher.scan("python", 2)  # no match type was given
    assert matcher.scan("<p>python</p>") is None  # HTML goes back to the caller
    assert matcher.scan("I like Python.") == (None, [0], [])


def test_a_value_flagged_drop_is_chosen_but_never_reported():
    # value 1 ("python shop") is flagged 2: it hides the "python" inside it, and is not reported;
    # nor does it make a strict alias near it count, as an anchor (flag 1) does
    matcher = skills._native.Matcher([("python", 0), ("python shop", 1)], [("R", 2)], b"\x01\x03\x00", 80)
    assert matcher.scan("a python shop and python", 1) == (None, [(0, 18, 24)], [])
    cleaned, matches, strict = matcher.scan("python shop with R")
    assert matches == [2] and strict == [(0, 17, 18, 2, False)]


def test_asking_for_the_compiled_matcher_without_it_is_an_error(monkeypatch):
    monkeypatch.setattr(skills, "_native", None)
    with pytest.raises(JobclassError, match="was not built"):
        SkillMatcher(TAXONOMY, native=True)
    assert not SkillMatcher(TAXONOMY).compiled


def test_threads_share_one_compiled_matcher():
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    texts = pd.read_csv(SAMPLE)["description"].fillna("").tolist() * 20
    expected = [_found(PYTHON, text) for text in texts]
    with ThreadPoolExecutor(4) as pool:  # the compiled scan lets go of the GIL
        assert list(pool.map(lambda text: _found(COMPILED, text), texts)) == expected


def test_a_matcher_survives_pickling(monkeypatch):
    import pickle

    monkeypatch.delenv("JOBCLASS_PURE_PYTHON", raising=False)  # it would choose the Python path on unpickling

    copy = pickle.loads(pickle.dumps(COMPILED))
    assert copy.compiled
    text = "Python, SQL and R for statistics; C++17 on Kubernetes."
    assert copy.find(text) == COMPILED.find(text)
    assert not pickle.loads(pickle.dumps(PYTHON)).compiled


# -- words: the compiled pass tokenises and looks terms up as term_columns does in Python -----------

WORD_VOCABULARY = {
    term: column
    for column, term in enumerate(
        ["python", "sql", "ab", "b1", "w1", "com", "python sql", "ab ab", "sklearn python", "é1", "aé", "ab b1", "12"]
    )
}


def _word_matchers() -> tuple[SkillMatcher, SkillMatcher]:
    compiled = SkillMatcher(COMPILED.taxonomy, native=True)
    python = SkillMatcher(COMPILED.taxonomy, native=False)
    compiled.set_vocabulary(WORD_VOCABULARY)
    python.set_vocabulary(WORD_VOCABULARY)
    return compiled, python


WORD_MATCHERS = _word_matchers()


@MANY
@given(st.lists(st.one_of(st.text(alphabet=CLEANER_ALPHABET + "AB12Éé", max_size=6), WORDS), max_size=25).map("".join))
def test_compiled_and_python_read_the_same_words(text):
    compiled, python = WORD_MATCHERS
    skills_c, words_c = compiled.skills_and_words(text)
    skills_p, words_p = python.skills_and_words(text)
    assert skills_c == skills_p
    assert sorted(words_c) == sorted(words_p)


@pytest.mark.parametrize(
    "text", ["", "a", "ab", "ab b1", "ab ab ", "ab,b1" * 5000, "ab ab" * 3000, "ab é1 aé 12 " * 2000]
)
def test_compiled_words_hold_the_densest_texts(text):
    # every token and pair is hashed before the lookups: the densest text (two-character tokens, one
    # separator each) fills the buffer to its bound
    compiled, python = WORD_MATCHERS
    assert sorted(compiled.skills_and_words(text)[1]) == sorted(python.skills_and_words(text)[1])


def test_compiled_and_python_read_the_same_words_in_shared_postings():
    import random

    import pandas as pd

    from classifier.features import PostingFeatures

    postings = needs_shared("data", "indeed-2025.csv.gz")
    texts = pd.read_csv(postings, usecols=["description"])["description"].fillna("").tolist()
    texts = random.Random(0).sample(texts, 600)
    features = PostingFeatures(min_df=2, min_sources=1).fit(texts)
    python = SkillMatcher(features.taxonomy_, native=False)
    python.set_vocabulary(features.term_vocabulary_)
    differing = [
        row
        for row, text in enumerate(texts)
        if sorted(features.matcher.skills_and_words(text)[1]) != sorted(python.skills_and_words(text)[1])
    ]
    assert differing == []


def test_set_words_refuses_bad_arguments():
    matcher = SkillMatcher(COMPILED.taxonomy, native=True)
    with pytest.raises(TypeError):
        matcher._native.set_words("python")
    with pytest.raises(TypeError):
        matcher._native.set_words([("python", -1)])
    with pytest.raises(ValueError, match="repeats"):
        matcher._native.set_words([("python", 0), ("python", 1)])


@pytest.mark.parametrize("noun", skills.ROLE_NOUNS)
def test_both_matchers_hold_the_same_role_nouns(noun):
    # the compiled matcher keeps its own copy of the list; a skill before any of them is a role name
    for text in (f"Senior Java {noun}", f"DevOps {noun}s wanted", f"a Python-{noun}"):
        assert COMPILED.find(text) == PYTHON.find(text) == [], text


# -- strict rules: the compiled scan applies veto and cue words as _keep_strict does in Python -------

# veto words of several pieces, with hyphens and symbols, edges and none, beyond ASCII; cues of
# several words; strict names of different skills to list together
STRICT_RULES = parse_taxonomy(
    tomllib.loads(
        """
[language]
Go = { strict = ["Go"], not_followed_by = ["to", "-live", "!", "a"], not_preceded_by = ["let's"] }
R = { strict = ["R"], cues = ["stats", "api"], not_followed_by = ["&d", "and d"], not_preceded_by = ["Q", "P&"] }
[language.Java]
strict = ["Java", "java"]
cues = ["spring boot", "jvm"]
not_followed_by = ["coffee", "café", "’s", "-island", "cup of", "&"]
not_preceded_by = ["free", "cup of", "isle-of", "-", "&"]
[tool]
Excel = { strict = ["Excel"], cues = ["größe"], not_followed_by = ["at"], not_preceded_by = ["to"] }
Kubernetes = ["k8s"]
"""
    ),
    "strict.toml",
)
STRICT_PIECES = st.sampled_from(
    [
        "Java",
        "java",
        "JAVA",
        "Go",
        "R",
        "Excel",
        "k8s",
        " coffee",
        " COFFEE",
        " café",
        " CAFÉ",
        "’s",
        "'s",
        "-island",
        " island",
        " cup of ",
        "Cup  Of ",
        "cup-of ",
        "cup\nof ",
        "free ",
        "FREE ",
        "isle-of ",
        "isle of ",
        " to",
        " TO",
        "-to",
        "-live",
        " - live",
        "!",
        " a",
        " an",
        "let's ",
        "Let’s ",
        "&",
        "&D",
        " and d",
        " and  D",
        "Q",
        "P&",
        " at",
        "to ",
        "spring boot",
        "Spring  Boot",
        "jvm",
        "stats",
        "STATS",
        ", ",
        " and ",
        " or ",
        " / ",
        " & ",
        "; ",
        " ",
        "  ",
        "-",
        "--",
        "\n",
        "\t",
        "\u00a0",
        "_",
        "x",
        "9",
        "\u0130",
        "\u0131",
        "\u017f",
        "\u212a",
        "\u03a3",
        "é",
        "É",
        "\u2019",
        "api",
        "apİ",
        "APİ",
        "ap\u0130x",
        "größe",
        "GRÖßE",
        "grosse",
        "\u0307",
    ]
)


@MANY
@given(st.lists(st.one_of(STRICT_PIECES, st.text(max_size=3)), max_size=20).map("".join))
def test_compiled_and_python_apply_the_same_strict_rules(text):
    compiled = SkillMatcher(STRICT_RULES, native=True)
    python = SkillMatcher(STRICT_RULES, native=False)
    assert _found(compiled, text) == _found(python, text)
    assert compiled.skill_indices(text) == python.skill_indices(text)


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        ("Java café, Java and k8s", True),
        ("Java CAFÉ and k8s", False),  # É against é: re.IGNORECASE may match them, left to Python
        ("Excel \u212at k8s", False),  # the Kelvin sign may match "a"'s neighbour letters: left to Python
        ("Go to the Go \u00e9 k8s", True),  # a character beyond ASCII that no comparison reaches
        ("R \u0130 here", True),  # str.lower() makes "i" and U+0307 of U+0130: no cue can hold it
        ("R for ap\u0130", True),  # the cue "api" ends on the "i" of U+0130 lower-cased
        ("Excel größe", False),  # two characters beyond ASCII compared: left to Python
        ("Excel grosse", True),
    ],
)
def test_the_compiled_scan_leaves_only_what_ascii_cannot_settle_to_python(text, decided):
    compiled = SkillMatcher(STRICT_RULES, native=True)
    cleaned, matches, strict = compiled._native.scan(text)
    assert (strict == [] and cleaned is None) is decided
    assert _found(compiled, text) == _found(SkillMatcher(STRICT_RULES, native=False), text)


def test_the_default_taxonomy_strict_rules_run_compiled():
    assert COMPILED._native_rules() is not None
    cleaned, matches, strict = COMPILED._native.scan("Java coffee for Go developers, R&D work, Python and R for stats")
    assert strict == [] and cleaned is None
    assert [TAXONOMY.skills[index].name for index in matches] == ["Python", "R"]


def test_a_veto_word_that_folds_to_ascii_leaves_the_rules_to_python():
    taxonomy = parse_taxonomy({"language": {"Go": {"strict": ["Go"], "not_followed_by": ["\u0131n"]}}}, "t.toml")
    matcher = SkillMatcher(taxonomy, native=True)
    assert matcher.compiled and matcher._native_rules() is None
    for text in ("Go in Go", "Go \u0131n k8s, Go and Go"):
        assert _found(matcher, text) == _found(SkillMatcher(taxonomy, native=False), text)


def test_set_strict_rules_refuses_bad_arguments():
    matcher = skills._native.Matcher([("python", 0)], [("Go", 1)], b"\x01\x00", 80)
    with pytest.raises(TypeError):
        matcher.set_strict_rules("rules", 40)
    with pytest.raises(TypeError):
        matcher.set_strict_rules([(1, [("to",)], [], [])], 40)  # a veto word is (pieces, edge)
    with pytest.raises(TypeError):
        matcher.set_strict_rules([(1, [((), True)], [], [])], 40)  # no pieces
    with pytest.raises(TypeError):
        matcher.set_strict_rules([(1, [(("",), True)], [], [])], 40)  # an empty piece
    with pytest.raises(ValueError, match="not a key value"):
        matcher.set_strict_rules([(2, [], [], [])], 40)
    with pytest.raises(ValueError, match="ASCII letter"):
        matcher.set_strict_rules([(1, [(("\u017fo",), True)], [], [])], 40)
    matcher.set_strict_rules([(1, [(("to",), True)], [], ["code"])], 40)
    assert matcher.scan("Go to python") == (None, [0], [])  # vetoed
    assert matcher.scan("Go code") == (None, [1], [])  # a cue near it
    assert matcher.scan("Go home") == (None, [], [])  # neither: dropped
    matcher.set_strict_rules(None, 40)
    assert matcher.scan("Go home") == ("Go home", [1], [(0, 0, 2, 1, False)])  # the caller decides


# -- count_terms: the compiled pass counts every term as CountVectorizer does ---------------------------


def _both_counts(texts: list[str]):
    import os

    from classifier.featurecore import count_terms

    compiled = count_terms(texts)
    os.environ["JOBCLASS_PURE_PYTHON"] = "1"
    try:
        python = count_terms(texts)
    finally:
        del os.environ["JOBCLASS_PURE_PYTHON"]
    return compiled, python


def _assert_same_counts(texts: list[str]) -> None:
    import numpy as np

    compiled, python = _both_counts(texts)
    assert list(compiled.terms) == list(python.terms)
    assert compiled.counts.shape == python.counts.shape
    # the same entries in the same order, so every later step computes exactly the same numbers
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(compiled.counts, part), getattr(python.counts, part)), part
        assert getattr(compiled.counts, part).dtype == getattr(python.counts, part).dtype, part


@MANY
@given(st.lists(st.text(alphabet=CLEANER_ALPHABET + "AB12Éé_\u0663\u0130", max_size=30), min_size=1, max_size=6))
def test_compiled_and_python_count_the_same_terms(texts):
    _assert_same_counts(texts)


@pytest.mark.parametrize("texts", [[""], ["", " a b "], ["ab ab ab", "ab cd"], ["été 2024, été"], ["a_b c_d", "__"]])
def test_compiled_and_python_count_the_same_terms_on_edge_cases(texts):
    _assert_same_counts(texts)


def test_compiled_and_python_count_the_same_terms_in_shared_postings():
    import pandas as pd

    postings = needs_shared("data", "indeed-2025.csv.gz")
    texts = pd.read_csv(postings, usecols=["description"], nrows=800)["description"].fillna("").tolist()
    _assert_same_counts([COMPILED.words_text(text) if text else "" for text in texts])


def test_count_terms_refuses_what_is_not_a_list_of_strings():
    with pytest.raises(TypeError):
        skills._native.count_terms("ab cd")
    with pytest.raises(TypeError):
        skills._native.count_terms(["ab", 3])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFFFF, exclude_categories=("Cs",))))
def test_the_compiled_cjk_check_agrees_with_the_pattern(text):
    if not skills._has_cjk_compiled:
        pytest.skip("the compiled matcher was not built")
    assert skills._native.has_cjk(text) == bool(skills._CJK.search(text))
    for edge in (
        "\u303f",
        "\u3040",
        "\u30ff",
        "\u3100",
        "\u33ff",
        "\u3400",
        "\u4dbf",
        "\u4dc0",
        "\u4dff",
        "\u4e00",
        "\u9fff",
        "\ua000",
        "\uabff",
        "\uac00",
        "\ud7af",
        "\ud7b0",
        "\uf8ff",
        "\uf900",
        "\ufaff",
        "\ufb00",
    ):
        assert skills._native.has_cjk("a" + edge) == bool(skills._CJK.search(edge)), hex(ord(edge))
