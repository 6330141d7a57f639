"""The scikit-learn transformer contract of SkillFeatures."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.validation import check_is_fitted

from classifier.features import SkillFeatures

TEXTS = ["Python and SQL with pandas", "PyTorch on Kubernetes; PyTorch again", ""]


def test_fit_returns_self_and_learned_state_ends_in_underscore():
    features = SkillFeatures()
    assert features.fit(TEXTS) is features
    check_is_fitted(features)
    learned = [name for name in vars(features) if not name.startswith("_") and name not in features.get_params()]
    assert learned and all(name.endswith("_") for name in learned)


def test_init_only_stores_parameters():
    features = SkillFeatures(taxonomy="does-not-exist.toml", norm="bogus")
    assert features.get_params() == {
        "taxonomy": "does-not-exist.toml",
        "sublinear": True,
        "norm": "bogus",
        "length_exponent": 0.0,
    }
    clone(features)
    with pytest.raises(ValueError, match="norm must be"):
        features.fit(TEXTS)
    with pytest.raises(ValueError, match="length_exponent must be"):
        SkillFeatures(length_exponent=2).fit(TEXTS)


def test_rejects_a_bare_string():
    with pytest.raises(ValueError, match="string object received"):
        SkillFeatures().fit("Python and SQL")
    fitted = SkillFeatures().fit(TEXTS)
    with pytest.raises(ValueError, match="string object received"):
        fitted.transform("Python")


def test_transform_shape_names_and_values():
    features = SkillFeatures().fit(TEXTS)
    matrix = features.transform(TEXTS)
    names = features.get_feature_names_out()
    assert matrix.shape == (3, len(names))
    row = dict(zip(names[matrix[1].indices], matrix[1].data))
    assert set(row) == {"PyTorch", "Kubernetes"}
    assert row["PyTorch"] > row["Kubernetes"]  # two mentions beat one
    assert np.isclose(np.sqrt((matrix[1].data ** 2).sum()), 1.0)  # L2-normalised
    assert matrix[2].nnz == 0  # empty text, no features


def test_counts_and_missing_values():
    features = SkillFeatures(sublinear=False, norm=None).fit(TEXTS)
    counts = features.counts(["PyTorch PyTorch PyTorch", None, float("nan")])
    assert counts.sum() == 3
    with pytest.raises(ValueError, match="postings must be strings"):
        features.transform([3])


def test_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        SkillFeatures().transform(["Python"])


def test_pickle_drops_the_compiled_matcher():
    import pickle

    features = SkillFeatures().fit(TEXTS)
    features.transform(TEXTS)
    state = features.__getstate__()
    assert "_matcher" not in state
    again = pickle.loads(pickle.dumps(features))
    assert (again.transform(TEXTS) != features.transform(TEXTS)).nnz == 0


def test_document_frequency_recorded():
    features = SkillFeatures().fit(TEXTS)
    assert features.n_documents_ == 3
    assert features.document_frequency_[features.vocabulary_["PyTorch"]] == 1


# -- skills and words ------------------------------------------------------------------------------

from classifier.features import PostingFeatures  # noqa: E402

WORD_TEXTS = [
    "We deploy PyTorch models on Kubernetes and monitor model latency.",
    "You will run A/B tests, build dashboards and present insights to stakeholders.",
    "<p>Deploy <b>models</b> to production; monitor model drift.</p>",
    "## Role\n* Present **insights** to stakeholders\n* Run A/B tests in SQL",
    "",
]
WORD_SOURCES = ["a", "b", "c", "a", "b"]


def _fitted(**options) -> PostingFeatures:
    options = {"min_df": 1, "min_sources": 1, **options}
    return PostingFeatures(**options).fit(WORD_TEXTS, sources=WORD_SOURCES)


def test_posting_features_learn_unigrams_and_bigrams_from_cleaned_text():
    features = _fitted()
    terms = set(features.term_names_)
    assert {"deploy", "models", "model drift", "present insights", "insights to"} <= terms
    assert not {"p", "b", "<p>", "**insights**"} & terms  # HTML and Markdown marks are not words
    names = features.get_feature_names_out()
    assert names[0].startswith("skill:") and names[-1].startswith("word:")
    assert len(names) == len(features.feature_kinds_) == features.transform(WORD_TEXTS).shape[1]


def test_fit_transform_equals_transform():
    """The vocabulary is counted by scikit-learn at fit and by the matcher's own pass afterwards."""
    features = PostingFeatures(min_df=1, min_sources=1)
    fitted = features.fit_transform(WORD_TEXTS, sources=WORD_SOURCES)
    assert abs(fitted - features.transform(WORD_TEXTS)).max() < 1e-12


def test_terms_must_be_seen_in_enough_postings_and_sources():
    features = PostingFeatures(min_df=2, min_sources=2).fit(WORD_TEXTS, sources=WORD_SOURCES)
    terms = set(features.term_names_)
    assert "stakeholders" in terms  # postings 2 and 4: sources b and a
    assert "drift" not in terms  # one posting
    only_a = PostingFeatures(min_df=2, min_sources=2).fit(WORD_TEXTS, sources=["a", "a", "c", "a", "b"])
    assert "stakeholders" not in set(only_a.term_names_)  # both in source a


def test_max_features_keeps_the_most_used_terms():
    features = _fitted(max_features=3)
    assert len(features.term_names_) == 3
    assert features.term_document_frequency_.min() >= 2


def test_skill_weight_scales_the_skill_block_and_words_can_be_off():
    full, half = _fitted(skill_weight=1.0), _fitted(skill_weight=0.5)
    skills = len(full.feature_names_)
    a, b = full.transform(WORD_TEXTS)[:, :skills], half.transform(WORD_TEXTS)[:, :skills]
    assert abs(a * 0.5 - b).max() < 1e-12
    alone = _fitted(words=False)
    assert alone.transform(WORD_TEXTS).shape[1] == skills and len(alone.term_names_) == 0


def test_words_compiled_and_python_paths_agree(monkeypatch):
    from classifier.skills import SkillMatcher, native_available

    features = _fitted()
    python = SkillMatcher(features.taxonomy_, native=False)
    python.set_vocabulary(features.term_vocabulary_)
    texts = WORD_TEXTS + ["Ünïcode wörds and DIGITS 42 x y z", "a b c d", "MLOps & LLMOps: RAG, k8s, C++ " * 20]
    for text in texts:
        skills, words = python.skills_and_words(text)
        assert sorted(words) == sorted(features.matcher.skills_and_words(text)[1])
        assert skills == features.matcher.skills_and_words(text)[0]
    if native_available():
        assert features.matcher.compiled


def test_posting_features_pickle_and_rebuild_the_vocabulary():
    import pickle

    features = _fitted()
    state = features.__getstate__()
    assert "term_vocabulary_" not in state and isinstance(state["_term_names_joined"], str)  # one object, not 50,000
    again = pickle.loads(pickle.dumps(features))
    assert "_matcher" not in again.__dict__
    assert again.term_vocabulary_ == features.term_vocabulary_
    assert list(again.term_names_) == list(features.term_names_)
    assert list(again.feature_kinds_) == list(features.feature_kinds_)
    assert abs(again.transform(WORD_TEXTS) - features.transform(WORD_TEXTS)).max() < 1e-12
    empty = pickle.loads(pickle.dumps(_fitted(words=False)))
    assert len(empty.term_names_) == 0 and empty.term_vocabulary_ == {}


def test_term_columns_come_ascending_from_both_paths():
    from classifier.skills import SkillMatcher

    features = _fitted()
    python = SkillMatcher(features.taxonomy_, native=False)
    python.set_vocabulary(features.term_vocabulary_)
    text = " ".join(reversed(WORD_TEXTS)) * 3
    for matcher in (features.matcher, python):
        columns = matcher.skills_and_words(text)[1]
        assert columns == sorted(columns) and len(columns) > 10


def test_fold_learns_its_vocabulary_from_the_training_part():
    features = PostingFeatures(min_df=1, min_sources=1)
    _, skills, every = features.fit_counts(WORD_TEXTS, sources=WORD_SOURCES)
    train, test = np.array([0, 2]), np.array([1, 3])
    train_matrix, test_matrix = features.fold(skills, every, np.array(WORD_SOURCES), train, test)
    alone = PostingFeatures(min_df=1, min_sources=1).fit([WORD_TEXTS[0], WORD_TEXTS[2]], sources=["a", "c"])
    assert train_matrix.shape[1] == test_matrix.shape[1] == len(alone.get_feature_names_out())
    assert abs(test_matrix - alone.transform([WORD_TEXTS[1], WORD_TEXTS[3]])).max() < 1e-9


def test_posting_features_validate_their_parameters():
    with pytest.raises(ValueError, match="ngram_range"):
        PostingFeatures(ngram_range=(1, 3)).fit(WORD_TEXTS)
    with pytest.raises(ValueError, match="skill_weight"):
        PostingFeatures(skill_weight=-1).fit(WORD_TEXTS)
    with pytest.raises(ValueError, match="sources"):
        PostingFeatures().fit(WORD_TEXTS, sources=["a"])


def test_length_exponent_moves_rows_from_unit_length_to_unit_sum():
    plain, average, half = _fitted(), _fitted(length_exponent=1.0), _fitted(length_exponent=0.5)
    skills = len(plain.feature_names_)
    rows = [0, 1, 2, 3]  # the empty posting stays empty
    for fitted, block, scale in (
        (average, slice(None, skills), average.skill_l1_scale_),
        (average, slice(skills, None), average.word_l1_scale_),
    ):
        sums = np.asarray(fitted.transform(WORD_TEXTS)[rows][:, block].sum(axis=1)).ravel()
        if block.start is None:
            sums = sums / fitted.skill_weight
        assert np.allclose(sums[sums > 0], scale)  # every row sums to the typical L1 norm
    # each row is the unit-length row, shrunk by (its L1 norm / the typical one) ** exponent
    unit, shrunk = plain.transform(WORD_TEXTS)[:, skills:], half.transform(WORD_TEXTS)[:, skills:]
    l1 = np.asarray(unit.sum(axis=1)).ravel()
    for row in rows:
        factor = (half.word_l1_scale_ / l1[row]) ** 0.5
        assert abs(unit[row] * factor - shrunk[row]).max() < 1e-12
    assert half.word_l1_scale_ == pytest.approx(np.median(l1[rows]))
    assert plain.word_l1_scale_ == 1.0  # not learned when the exponent is 0


def test_fold_learns_the_typical_length_from_the_training_part():
    features = PostingFeatures(min_df=1, min_sources=1, length_exponent=1.0)
    _, skills, every = features.fit_counts(WORD_TEXTS, sources=WORD_SOURCES)
    train, test = np.array([0, 2]), np.array([1, 3])
    _, test_matrix = features.fold(skills, every, np.array(WORD_SOURCES), train, test)
    alone = PostingFeatures(min_df=1, min_sources=1, length_exponent=1.0)
    alone.fit([WORD_TEXTS[0], WORD_TEXTS[2]], sources=["a", "c"])
    assert abs(test_matrix - alone.transform([WORD_TEXTS[1], WORD_TEXTS[3]])).max() < 1e-9


def test_models_saved_before_the_length_exponent_load_with_unit_rows():
    fitted = _fitted()
    state = fitted.__getstate__()
    for name in ("length_exponent", "skill_l1_scale_", "word_l1_scale_"):
        state.pop(name)
    old = PostingFeatures.__new__(PostingFeatures)
    old.__setstate__(state)
    assert old.get_params()["length_exponent"] == 0.0
    assert abs(old.transform(WORD_TEXTS) - fitted.transform(WORD_TEXTS)).max() < 1e-12


def test_skill_columns_alone_take_the_length_exponent():
    """Skills-only features (train --skills-only) learn their typical length; no word block to learn one from."""
    features = PostingFeatures(min_df=1, min_sources=1, words=False, length_exponent=1.0)
    matrix = features.fit_transform(WORD_TEXTS, sources=WORD_SOURCES)
    sums = np.asarray(matrix.sum(axis=1)).ravel() / features.skill_weight
    assert np.allclose(sums[sums > 0], features.skill_l1_scale_) and features.word_l1_scale_ == 1.0
    _, skills, every = features.fit_counts(WORD_TEXTS, sources=WORD_SOURCES)
    train, test = features.fold(skills, every, np.array(WORD_SOURCES), np.array([0, 1, 2]), np.array([3]))
    assert train.shape[1] == test.shape[1] == len(features.feature_names_)
