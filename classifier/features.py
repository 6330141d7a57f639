"""The scikit-learn transformer from postings to skill features."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from classifier.skills import SkillMatcher
from classifier.taxonomy import Taxonomy, load_taxonomy


def _as_texts(raw_documents: object) -> list[str]:
    """Postings as a list of strings; missing values become empty strings."""
    if isinstance(raw_documents, (str, bytes)):
        raise ValueError("Iterable over raw text documents expected, string object received.")
    texts = []
    for document in raw_documents:  # type: ignore[union-attr]
        if isinstance(document, str):
            texts.append(document)
        elif document is None or (isinstance(document, float) and np.isnan(document)):
            texts.append("")
        else:
            raise ValueError(f"postings must be strings, got {type(document).__name__}")
    return texts


class SkillFeatures(TransformerMixin, BaseEstimator):
    """Turn postings into one column per taxonomy skill.

    Each value is ``log(1 + number of mentions)`` (``sublinear=True``) or the
    plain count, so a linear model's decision splits exactly into per-skill
    contributions.

    Parameters
    ----------
    taxonomy : None, path, list of paths, or Taxonomy
        ``None`` for the built-in taxonomy; paths of user files are merged over it.
    sublinear : bool
        Use ``log1p(count)`` instead of the raw count.
    norm : "l2", "l1" or None
        Scale each posting's row to unit norm, so long and short postings weigh alike.
    """

    def __init__(
        self,
        taxonomy: str | Path | Iterable[str | Path] | Taxonomy | None = None,
        sublinear: bool = True,
        norm: str | None = "l2",
    ):
        self.taxonomy = taxonomy
        self.sublinear = sublinear
        self.norm = norm

    def _resolve_taxonomy(self) -> Taxonomy:
        if isinstance(self.taxonomy, Taxonomy):
            return self.taxonomy
        return load_taxonomy(self.taxonomy)

    @property
    def matcher(self) -> SkillMatcher:
        """The compiled matcher (built on first use; never pickled)."""
        check_is_fitted(self, "taxonomy_")
        matcher = self.__dict__.get("_matcher")
        if matcher is None:
            matcher = SkillMatcher(self.taxonomy_)
            self.__dict__["_matcher"] = matcher
        return matcher

    def __getstate__(self) -> dict[str, object]:
        state = dict(super().__getstate__())
        state.pop("_matcher", None)
        return state

    def fit(self, raw_documents: Iterable[str], y: object = None) -> SkillFeatures:
        """Fix the taxonomy and record how many postings mention each skill."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y: object = None) -> sp.csr_matrix:
        texts = _as_texts(raw_documents)
        if self.norm not in (None, "l1", "l2"):
            raise ValueError(f"norm must be 'l1', 'l2' or None, got {self.norm!r}")
        self.taxonomy_ = self._resolve_taxonomy()
        self.__dict__.pop("_matcher", None)
        self.feature_names_ = np.array(self.taxonomy_.names, dtype=object)
        self.categories_ = np.array([skill.category for skill in self.taxonomy_], dtype=object)
        self.vocabulary_ = {name: index for index, name in enumerate(self.feature_names_)}
        counts = self._counts(texts)
        self.document_frequency_ = np.asarray((counts > 0).sum(axis=0)).ravel().astype(np.int64)
        self.n_documents_ = len(texts)
        return self._weight(counts)

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        matcher = self.matcher
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            if text:
                indices.extend(matcher.skill_indices(text))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float64)
        matrix = sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(len(texts), len(self.feature_names_)),
        )
        matrix.sum_duplicates()
        return matrix

    def _weight(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weights = counts.astype(np.float64)
        if self.sublinear:
            weights.data = np.log1p(weights.data)
        if self.norm is not None:
            weights = normalize(weights, norm=self.norm, copy=False)
        return weights

    def counts(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """Raw mention counts (postings x skills), before weighting."""
        check_is_fitted(self, "vocabulary_")
        return self._counts(_as_texts(raw_documents))

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """The feature matrix (postings x skills) for new postings."""
        return self._weight(self.counts(raw_documents))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
