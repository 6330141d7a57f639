"""Extraction: every matching case the product promises."""

from __future__ import annotations

import pytest

from classifier.skills import SkillMatcher, extract_skills
from classifier.taxonomy import load_taxonomy, parse_taxonomy


def names(text: str) -> list[str]:
    return [match.name for match in extract_skills(text)]


def test_case_insensitive_whole_words():
    assert names("PYTHON, python and Python") == ["Python"] * 3
    assert names("pythonic style") == []  # not a whole word
    assert names("Kafkaesque") == []


def test_multi_word_terms_across_line_breaks():
    assert names("experience with machine\nlearning and Google Cloud\n   Platform") == [
        "machine learning",
        "Google Cloud",
    ]


def test_list_items_are_kept_apart():
    assert "data pipelines" not in names("* data\n* pipelines are not one skill") or names("* data\n* pipelines") == [
        "data pipelines"
    ]
    assert names("- machine\n- learning") == []
    assert names("<ul><li>machine</li><li>learning</li></ul>") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C++ and C# and .NET", ["C++", "C#", ".NET"]),
        ("CI/CD pipelines", ["CI/CD"]),
        ("A/B testing at scale", ["A/B testing", "scalability"]),
        ("Node.js services", ["Node.js"]),
        ("scikit-learn experience", ["scikit-learn"]),
    ],
)
def test_symbols(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("sklearn", "scikit-learn"),
        ("k8s", "Kubernetes"),
        ("GCP", "Google Cloud"),
        ("Google Cloud Platform", "Google Cloud"),
        ("AWS", "AWS"),
        ("Amazon Web Services", "AWS"),
        ("SageMaker", "AWS SageMaker"),
        ("Google AI Platform", "Vertex AI"),
    ],
)
def test_aliases(alias, canonical):
    assert names(f"We use {alias} daily.") == [canonical]


@pytest.mark.parametrize(("text", "expected"), [("Python3", "Python"), ("C++17", "C++"), ("HTML5", "HTML")])
def test_version_suffixes(text, expected):
    matches = extract_skills(f"Knows {text} well")
    assert [match.name for match in matches] == [expected]
    assert matches[0].text == text


def test_leftmost_longest_non_overlapping():
    assert names("scikit-learn") == ["scikit-learn"]  # not also "learn" or "scikit"
    assert names("Apache Spark Streaming and Spark SQL") == ["Apache Spark", "Apache Spark"]
    assert names("deep learning") == ["deep learning"]  # not also "learning"


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Skills: Python, R and SQL", ["R"], []),
        ("Our R&D team is growing", [], ["R"]),
        ("Write services in Go and Python", ["Go"], []),
        ("Go to market with our sales team", [], ["Go"]),
        ("You will go to market quickly", [], ["Go"]),
        ("Languages: C, C++ and Rust", ["C", "C++", "Rust"], []),
        ("A Series C startup", [], ["C"]),
        ("Process data with Spark and Hadoop", ["Apache Spark"], []),
        ("Spark joy in your team", [], ["Apache Spark"]),
        ("Advanced Excel and SQL reporting", ["Excel"], []),
        ("You excel at communication", [], ["Excel"]),
        ("Excel at building relationships", [], ["Excel"]),
        ("Numerical work in Julia and Python", ["Julia"], []),
        ("Please contact Julia for questions", [], ["Julia"]),
        ("Systems programming in Rust with Tokio", ["Rust"], []),
        ("Rust on the old bridge", [], ["Rust"]),
        ("Spark jobs in Scala", ["Scala"], []),
        ("iOS apps in Swift and Xcode", ["Swift"], []),
        ("A swift response to customers", [], ["Swift"]),
    ],
)
def test_ambiguous_names_need_technology_context(text, present, absent):
    found = names(text)
    for name in present:
        assert name in found, (text, found)
    for name in absent:
        assert name not in found, (text, found)


def test_each_match_has_name_category_and_offsets_into_the_text_as_given():
    text = "We use **PyTorch** &amp; <b>Docker</b>\n\nand  k8s."
    matches = extract_skills(text)
    assert [(match.name, match.category) for match in matches] == [
        ("PyTorch", "library"),
        ("Docker", "tool"),
        ("Kubernetes", "platform"),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.text


def test_html_is_reduced_to_text_with_entities_decoded():
    text = "<p>Experience with <strong>A&#x2F;B testing</strong> and R&amp;D</p><li>SQL</li><li>Tableau</li>"
    matches = extract_skills(text)
    assert [match.name for match in matches] == ["A/B testing", "SQL", "Tableau"]
    assert text[matches[0].start : matches[0].end] == "A&#x2F;B testing"


def test_markdown_is_reduced_to_text():
    text = "### Skills\n\n* **Python** and [TensorFlow](https://tensorflow.org)\n* `Docker`"
    assert names(text) == ["Python", "TensorFlow", "Docker"]


def test_urls_do_not_match():
    assert names("see https://python.org/aws/docker for more") == []


def test_one_pass_matcher_handles_a_large_taxonomy():
    extra = {"tool": {f"Widget{index}": [f"widget-{index}x"] for index in range(3000)}}
    taxonomy = load_taxonomy().merged(parse_taxonomy(extra))
    matcher = SkillMatcher(taxonomy)
    assert [match.name for match in matcher.find("Widget2999 beside pandas")] == ["Widget2999", "pandas"]


def test_rejects_non_strings():
    with pytest.raises(TypeError):
        extract_skills(None)  # type: ignore[arg-type]


def test_empty_and_symbol_only_text():
    assert extract_skills("") == []
    assert extract_skills("  \n\t ") == []
    assert extract_skills("+++ ### ***") == []


def test_a_matcher_lists_its_skills():
    from classifier.skills import default_matcher

    matcher = default_matcher()
    assert [skill.name for skill in matcher.skills] == list(matcher.taxonomy.names)
