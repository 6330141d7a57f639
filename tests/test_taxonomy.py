"""The built-in taxonomy and user taxonomies merged over it."""

from __future__ import annotations

import pytest

from classifier.errors import JobclassError
from classifier.skills import extract_skills, get_matcher
from classifier.taxonomy import CATEGORIES, builtin_taxonomy, load_taxonomy, read_taxonomy

REQUIRED = [
    "statistics",
    "SQL",
    "R",
    "Python",
    "pandas",
    "NumPy",
    "Jupyter",
    "exploratory data analysis",
    "A/B testing",
    "Tableau",
    "Power BI",
    "matplotlib",
    "dashboards",
    "TensorFlow",
    "PyTorch",
    "Keras",
    "scikit-learn",
    "deployment",
    "data pipelines",
    "monitoring",
    "Docker",
    "Kubernetes",
    "AWS SageMaker",
    "Azure ML",
    "Vertex AI",
    "MLOps",
    "Java",
    "C++",
]


def test_builtin_taxonomy_is_large_and_categorised():
    taxonomy = builtin_taxonomy()
    assert len(taxonomy) >= 400
    assert {skill.category for skill in taxonomy} == set(CATEGORIES)


@pytest.mark.parametrize("name", REQUIRED)
def test_builtin_taxonomy_covers_both_roles(name):
    assert name in builtin_taxonomy()


def test_builtin_aliases_are_unique():
    get_matcher()  # compiling raises on an alias claimed by two skills


def test_user_taxonomy_adds_skills_and_aliases(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[tool]\nAcmeFlow = ["acme flow"]\n\n[library]\nPyTorch = ["torchy"]\n', encoding="utf-8")
    assert [match.name for match in extract_skills("acme flow and torchy", taxonomy=str(path))] == [
        "AcmeFlow",
        "PyTorch",
    ]
    merged = load_taxonomy(path)
    assert len(merged) == len(builtin_taxonomy()) + 1
    assert merged.sha256() != builtin_taxonomy().sha256()
    assert extract_skills("acme flow") == []  # the built-in one is unchanged


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[nonsense]\nX = []\n", "unknown category [nonsense]"),
        ("[tool]\nX = 3\n", "expected a list of aliases or a table"),
        ("[tool]\nX = [1]\n", "expected a list of non-empty strings"),
        ("[tool]\nX = { aliases = [], colour = 'red' }\n", "unknown key 'colour'"),
        ("[tool]\nX = []\n[library]\nx = []\n", "is already listed under [tool]"),
        ("[tool\n", "not valid TOML"),
    ],
)
def test_bad_user_taxonomy_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(JobclassError) as error:
        read_taxonomy(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(JobclassError, match="taxonomy file not found"):
        read_taxonomy(tmp_path / "nope.toml")


def test_alias_clash_is_reported(tmp_path):
    path = tmp_path / "clash.toml"
    path.write_text('[tool]\nMyThing = ["sklearn"]\n', encoding="utf-8")
    with pytest.raises(JobclassError, match="already an alias of 'scikit-learn'"):
        get_matcher([str(path)])
