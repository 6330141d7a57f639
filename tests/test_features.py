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
    assert features.get_params() == {"taxonomy": "does-not-exist.toml", "sublinear": True, "norm": "bogus"}
    clone(features)
    with pytest.raises(ValueError, match="norm must be"):
        features.fit(TEXTS)


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
