"""What the feature transformers compute, without scikit-learn: prediction imports none of it.

:mod:`classifier.features` gives these classes scikit-learn's estimator interface for training
(parameters, cloning, pipelines). A model file names those classes; a model loaded for prediction
is made of these (see :mod:`classifier.lite`), as importing scikit-learn costs about a second,
most of a cold start.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

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


class SkillFeaturesCore:
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
    length_exponent : float in [0, 1]
        With ``norm="l2"``: also divide each row by ``(its L1 norm / a typical training
        posting's) ** length_exponent``. A unit-length row's L1 norm grows with the square root
        of the number of terms it spreads over, so at 0 a long posting's many terms add up to
        more evidence than a short one's few; at 1 a row's score is an average over its terms
        (an L1 row, rescaled), and a short posting with a few telling terms scores as a long
        one does. The typical L1 norm (the training median) keeps rows near unit length.
    """

    def __init__(
        self,
        taxonomy: str | Path | Iterable[str | Path] | Taxonomy | None = None,
        sublinear: bool = True,
        norm: str | None = "l2",
        length_exponent: float = 0.0,
    ):
        self.taxonomy = taxonomy
        self.sublinear = sublinear
        self.norm = norm
        self.length_exponent = length_exponent

    def _resolve_taxonomy(self) -> Taxonomy:
        if isinstance(self.taxonomy, Taxonomy):
            return self.taxonomy
        return load_taxonomy(self.taxonomy)

    @property
    def matcher(self) -> SkillMatcher:
        """The compiled matcher (built on first use; never pickled)."""
        _check_fitted(self, "taxonomy_")
        matcher = self.__dict__.get("_matcher")
        if matcher is None:
            matcher = self._build_matcher()
            self.__dict__["_matcher"] = matcher
        return matcher

    def _build_matcher(self) -> SkillMatcher:
        return SkillMatcher(self.taxonomy_)

    def __getstate__(self) -> dict[str, object]:
        state = dict(super().__getstate__())
        state.pop("_matcher", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        state = dict(state)
        state.setdefault("length_exponent", 0.0)  # models saved before the parameter: plain unit rows
        parent = getattr(super(), "__setstate__", None)  # scikit-learn's, in the training classes
        if parent is None:
            self.__dict__.update(state)
        else:
            parent(state)

    def fit(self, raw_documents: Iterable[str], y: object = None) -> SkillFeaturesCore:
        """Fix the taxonomy and record how many postings mention each skill."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y: object = None) -> sp.csr_matrix:
        unit = self._unit_rows(self._skill_weights(self._fit_skills(_as_texts(raw_documents))))
        self.skill_l1_scale_ = self._typical_l1(unit)
        return self._shrink_long(unit, self.skill_l1_scale_)

    def _fit_skills(self, texts: list[str]) -> sp.csr_matrix:
        """Fix the taxonomy and the skill columns; the training postings' mention counts."""
        if self.norm not in (None, "l1", "l2"):
            raise ValueError(f"norm must be 'l1', 'l2' or None, got {self.norm!r}")
        if not 0.0 <= float(self.length_exponent) <= 1.0:
            raise ValueError(f"length_exponent must be between 0 and 1, got {self.length_exponent!r}")
        self.taxonomy_ = self._resolve_taxonomy()
        self.__dict__.pop("_matcher", None)
        self.feature_names_ = np.array(self.taxonomy_.names, dtype=object)
        self.categories_ = np.array([skill.category for skill in self.taxonomy_], dtype=object)
        self.vocabulary_ = {name: index for index, name in enumerate(self.feature_names_)}
        counts = self._counts(texts)
        self.document_frequency_ = np.asarray((counts > 0).sum(axis=0)).ravel().astype(np.int64)
        self.n_documents_ = len(texts)
        return counts

    def _skill_weights(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weights = counts.astype(np.float64)
        if self.sublinear:
            weights.data = np.log1p(weights.data)
        return weights

    def _unit_rows(self, weights: sp.csr_matrix) -> sp.csr_matrix:
        """``weights`` (log1p-ed, for words also idf-weighted) with each row scaled to unit ``norm``."""
        if self.norm is None or not weights.shape[0]:
            return weights
        return _normalize_rows(weights, self.norm)

    def _shrinks(self) -> bool:
        return self.norm == "l2" and bool(self.length_exponent)

    def _typical_l1(self, rows: sp.csr_matrix) -> float:
        """The median L1 norm of the non-empty unit-length training rows (1.0 when there are none, or
        when rows are not shrunk)."""
        if not self._shrinks() or not rows.shape[0]:
            return 1.0
        sums = _row_l1(rows)
        sums = sums[sums > 0]
        return float(np.median(sums)) if len(sums) else 1.0

    def _shrink_long(self, rows: sp.csr_matrix, scale: float) -> sp.csr_matrix:
        """Divide each unit-length row by (its L1 norm / ``scale``) ** length_exponent, in place
        (``rows`` is always the caller's own copy)."""
        if not self._shrinks() or not rows.shape[0]:
            return rows
        sums = _row_l1(rows)
        factors = np.ones_like(sums)
        present = sums > 0
        factors[present] = (scale / sums[present]) ** float(self.length_exponent)
        rows.data *= np.repeat(factors, np.diff(rows.indptr))
        return rows

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
        weights = self._unit_rows(self._skill_weights(counts))
        return self._shrink_long(weights, getattr(self, "skill_l1_scale_", 1.0))

    def counts(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """Raw mention counts (postings x skills), before weighting."""
        _check_fitted(self, "vocabulary_")
        return self._counts(_as_texts(raw_documents))

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """The feature matrix (postings x skills) for new postings."""
        return self._weight(self.counts(raw_documents))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        _check_fitted(self, "feature_names_")
        return self.feature_names_.copy()


class PostingFeaturesCore(SkillFeaturesCore):
    """Skills and words side by side: one column per taxonomy skill, then one per learned term.

    Skill columns are ``log(1 + mentions)``, each posting's row scaled to unit length
    and then by ``skill_weight``. Word columns are TF-IDF over unigrams and bigrams
    of the cleaned, lower-cased text (``log(1 + count) * idf``, unit length). A term
    is learned when at least ``min_df`` training postings use it and, when sources
    are given to :meth:`fit`, postings of at least ``min_sources`` sources do: a
    site's own boilerplate never becomes a feature. The ``max_features`` terms used
    by most postings are kept. A linear model over these columns still splits every
    decision exactly into named features (``get_feature_names_out`` prefixes them
    ``skill:`` and ``word:``).

    Parameters
    ----------
    taxonomy, sublinear, norm, length_exponent : as for :class:`SkillFeatures` (each block on its own)
    words : bool
        Learn word columns; ``False`` gives the skill columns alone.
    skill_weight : float
        Scale of the skill block against the word block.
    min_df, min_sources, max_features, ngram_range : the vocabulary's limits.
    """

    def __init__(
        self,
        taxonomy: str | Path | Iterable[str | Path] | Taxonomy | None = None,
        sublinear: bool = True,
        norm: str | None = "l2",
        length_exponent: float = 0.0,
        words: bool = True,
        skill_weight: float = 0.5,
        min_df: int = 5,
        min_sources: int = 3,
        max_features: int | None = 100_000,
        ngram_range: tuple[int, int] = (1, 2),
    ):
        super().__init__(taxonomy=taxonomy, sublinear=sublinear, norm=norm, length_exponent=length_exponent)
        self.words = words
        self.skill_weight = skill_weight
        self.min_df = min_df
        self.min_sources = min_sources
        self.max_features = max_features
        self.ngram_range = ngram_range

    def __getstate__(self) -> dict[str, object]:
        # The 50,000 terms travel as one string: a restricted (pure-Python) unpickler reads one
        # object instead of 150,000, which is most of a model's load time. The lookup table and
        # the column kinds are rebuilt from it.
        state = super().__getstate__()
        names = state.pop("term_names_", None)
        if names is not None:
            state.pop("term_vocabulary_", None)
            state.pop("feature_kinds_", None)
            state["_term_names_joined"] = "\n".join(str(name) for name in names)
            state["_term_count"] = len(names)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        state = dict(state)
        joined = state.pop("_term_names_joined", None)
        count = state.pop("_term_count", None)
        super().__setstate__(state)
        if joined is None:
            return
        names = joined.split("\n") if count else []
        if len(names) != count:
            raise ValueError("PostingFeatures: the stored terms do not match their count")
        self.term_names_ = np.asarray(names, dtype=object)
        self.term_vocabulary_ = {term: column for column, term in enumerate(names)}
        self.feature_kinds_ = np.array(["skill"] * len(self.feature_names_) + ["word"] * len(names))

    def _build_matcher(self) -> SkillMatcher:
        """The compiled matcher with the learned vocabulary installed (see :attr:`matcher`)."""
        matcher = SkillMatcher(self.taxonomy_)
        matcher.set_vocabulary(self.__dict__.get("term_vocabulary_"))
        return matcher

    def fit(self, raw_documents: Iterable[str], y: object = None, sources: Iterable[object] | None = None):
        """Fix the taxonomy, count skills, and learn the vocabulary and idf (``sources``: one per posting)."""
        self.fit_transform(raw_documents, sources=sources)
        return self

    def fit_transform(
        self, raw_documents: Iterable[str], y: object = None, sources: Iterable[object] | None = None
    ) -> sp.csr_matrix:
        return self.fit_counts(raw_documents, sources=sources)[0]

    def fit_counts(
        self, raw_documents: Iterable[str], sources: Iterable[object] | None = None
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, TermCounts]:
        """Fit, and return the training features with what they were made from: the skill counts
        and the counts of every term (for cross-validation folds that learn their own vocabulary)."""
        texts = _as_texts(raw_documents)
        if tuple(self.ngram_range) != (1, 2):
            raise ValueError("ngram_range: only (1, 2) is supported (unigrams and bigrams)")
        if not self.skill_weight >= 0:
            raise ValueError(f"skill_weight must be zero or more, got {self.skill_weight!r}")
        self.__dict__.pop("_matcher", None)
        self.term_vocabulary_ = {}
        skill_counts = self._fit_skills(texts)
        source_list = None if sources is None else [str(source) for source in sources]
        if source_list is not None and len(source_list) != len(texts):
            raise ValueError(f"sources: {len(source_list)} values for {len(texts)} postings")
        if self.words:
            matcher = self.matcher
            every = count_terms([matcher.words_text(text) if text else "" for text in texts])
        else:
            every = TermCounts(sp.csr_matrix((len(texts), 0), dtype=np.float32), np.array([], dtype=object))
        kept = self._set_vocabulary(every, np.arange(len(texts)), source_list)
        matrix = self._fit_weight(skill_counts, every.counts[:, kept] if self.words else None)
        return matrix, skill_counts, every

    def _set_vocabulary(
        self, every: TermCounts, rows: np.ndarray, sources: list[str] | np.ndarray | None
    ) -> np.ndarray:
        """Choose the terms from the counts of ``rows`` (the training postings); their columns in ``every``."""
        # a row holds each term once (count_terms), so a term's document frequency is how often its
        # column appears among the rows' entries
        width = every.counts.shape[1]
        document_frequency = np.bincount(every.counts[rows].indices, minlength=width)
        keep = document_frequency >= self.min_df
        if sources is not None and self.min_sources > 1:
            names, codes = np.unique(np.asarray(sources, dtype=object)[rows], return_inverse=True)
            in_sources = np.zeros(width, dtype=np.int64)
            for code in range(len(names)):
                in_sources += np.bincount(every.counts[rows[codes == code]].indices, minlength=width) > 0
            keep &= in_sources >= min(self.min_sources, len(names))
        kept = np.flatnonzero(keep)
        if self.max_features is not None and len(kept) > self.max_features:
            order = np.lexsort((kept, -document_frequency[kept]))  # most used first, ties by term
            kept = np.sort(kept[order[: self.max_features]])
        self.term_names_ = np.asarray(every.terms[kept], dtype=object)
        self.term_document_frequency_ = document_frequency[kept].astype(np.int64)
        self.idf_ = np.log((1 + len(rows)) / (1 + self.term_document_frequency_)) + 1.0
        self.term_vocabulary_ = {str(term): column for column, term in enumerate(self.term_names_)}
        self.feature_kinds_ = np.array(["skill"] * len(self.feature_names_) + ["word"] * len(self.term_names_))
        self.__dict__.pop("_matcher", None)
        return kept

    def fold(
        self,
        skill_counts: sp.csr_matrix,
        every: TermCounts,
        sources,
        train: np.ndarray,
        test: np.ndarray,
        extra: tuple[sp.csr_matrix, TermCounts] | None = None,
    ):
        """Feature matrices of a cross-validation fold, the vocabulary and idf learned from ``train`` alone.

        ``skill_counts`` and ``every`` hold all postings (``count_terms`` of their
        :meth:`SkillMatcher.words_text`); the result is ``(train features, test features)``.
        ``extra``: the skill counts and term counts of other texts (windows of the test postings,
        counted on their own), whose features in this fold's vocabulary come third.
        """
        from sklearn.base import clone

        part = clone(self)
        part.n_documents_ = len(train)
        for name in ("taxonomy_", "feature_names_", "categories_", "vocabulary_"):
            setattr(part, name, getattr(self, name))
        if not self.words:
            matrices = (part._fit_weight(skill_counts[train], None), part.weight(skill_counts[test], None))
            return matrices if extra is None else (*matrices, part.weight(extra[0], None))
        kept = part._set_vocabulary(every, train, sources)
        matrices = (
            part._fit_weight(skill_counts[train], every.counts[train][:, kept]),
            part.weight(skill_counts[test], every.counts[test][:, kept]),
        )
        if extra is None:
            return matrices
        return (*matrices, part.weight(extra[0], _in_vocabulary(extra[1], part.term_names_)))

    def _both_counts(self, texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        matcher = self.matcher
        scan = matcher._skills_and_word_bytes
        skill_indices: list[int] = []
        words = bytearray()
        skill_indptr = [0]
        word_indptr = [0]
        for text in texts:
            if text:
                skills, columns = scan(text)
                skill_indices.extend(skills)
                words += columns
            skill_indptr.append(len(skill_indices))
            word_indptr.append(len(words) >> 2)
        return (
            _count_matrix(np.asarray(skill_indices, dtype=np.int32), skill_indptr, len(self.feature_names_)),
            _count_matrix(np.frombuffer(words, dtype=np.int32).copy(), word_indptr, len(self.term_names_)),
        )

    def counts_and_words(self, raw_documents: Iterable[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Skill mention counts and term counts (postings x skills, postings x terms), from one reading."""
        _check_fitted(self, "vocabulary_")
        return self._both_counts(_as_texts(raw_documents))

    def weight(self, skill_counts: sp.csr_matrix, word_counts: sp.csr_matrix | None) -> sp.csr_matrix:
        """The feature matrix from the two count matrices."""
        return self._combine(*self._unit_blocks(skill_counts, word_counts))

    def _fit_weight(self, skill_counts: sp.csr_matrix, word_counts: sp.csr_matrix | None) -> sp.csr_matrix:
        """The training feature matrix; learns each block's typical L1 norm from its unit rows on the way."""
        skills, words = self._unit_blocks(skill_counts, word_counts)
        self.skill_l1_scale_ = self._typical_l1(skills)
        self.word_l1_scale_ = 1.0 if words is None else self._typical_l1(words)
        return self._combine(skills, words)

    def _unit_blocks(
        self, skill_counts: sp.csr_matrix, word_counts: sp.csr_matrix | None
    ) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
        skills = self._unit_rows(self._skill_weights(skill_counts))
        if word_counts is None or word_counts.shape[1] == 0:
            return skills, None
        return skills, self._unit_rows(self._term_weights(word_counts))

    def _combine(self, skills: sp.csr_matrix, words: sp.csr_matrix | None) -> sp.csr_matrix:
        """Both unit-row blocks, each shrunk by the length exponent; the skills scaled by skill_weight."""
        skills = self._shrink_long(skills, getattr(self, "skill_l1_scale_", 1.0))
        if self.skill_weight != 1.0:
            skills = skills * self.skill_weight
        if words is None:
            return sp.csr_matrix(skills)
        words = self._shrink_long(words, getattr(self, "word_l1_scale_", 1.0))
        return sp.hstack([skills, words], format="csr")

    def _term_weights(self, word_counts: sp.csr_matrix) -> sp.csr_matrix:
        words = sp.csr_matrix(word_counts, dtype=np.float64, copy=True)
        if self.sublinear:
            np.log1p(words.data, out=words.data)
        words.data *= self.idf_[words.indices]  # each column by its idf, in place
        return words

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """The feature matrix (postings x (skills + terms)) for new postings."""
        return self.weight(*self.counts_and_words(raw_documents))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        _check_fitted(self, "term_names_")
        names = [f"skill:{name}" for name in self.feature_names_] + [f"word:{term}" for term in self.term_names_]
        return np.asarray(names, dtype=object)

    def display_names(self) -> np.ndarray:
        """Each column's name as a person reads it: the skill's name, or the term in quotes."""
        _check_fitted(self, "term_names_")
        return np.asarray(
            [str(name) for name in self.feature_names_] + [f'"{term}"' for term in self.term_names_], dtype=object
        )


def _check_fitted(estimator: object, attribute: str) -> None:
    """scikit-learn's NotFittedError when ``attribute`` is missing (only ever on a training class, so
    scikit-learn is already imported)."""
    if not hasattr(estimator, attribute):
        from sklearn.exceptions import NotFittedError

        raise NotFittedError(
            f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using this estimator."
        )


def _normalize_rows(rows: sp.csr_matrix, norm: str) -> sp.csr_matrix:
    """Each row scaled to unit ``norm`` ("l1" or "l2") in place, as ``sklearn.preprocessing.normalize``
    does (rows of zeros stay zeros)."""
    rows = sp.csr_matrix(rows)
    if norm == "l1":
        sizes = _row_l1(rows)
    else:
        squares = np.zeros(rows.shape[0])
        starts = rows.indptr[:-1]
        filled = starts < rows.indptr[1:]
        if filled.any():
            squares[filled] = np.add.reduceat(rows.data * rows.data, starts[filled])
        sizes = np.sqrt(squares)
    sizes[sizes == 0.0] = 1.0
    rows.data /= np.repeat(sizes, np.diff(rows.indptr))
    return rows


def _row_l1(rows: sp.csr_matrix) -> np.ndarray:
    """Each row's L1 norm."""
    sums = np.zeros(rows.shape[0])
    starts = rows.indptr[:-1]
    filled = starts < rows.indptr[1:]
    if filled.any():  # a segment per non-empty row: the empty rows between hold no values
        sums[filled] = np.add.reduceat(np.abs(rows.data), starts[filled])
    return sums


class TermCounts(NamedTuple):
    """Counts of every unigram and bigram (postings x terms) and the terms, before any is chosen."""

    counts: sp.csr_matrix
    terms: np.ndarray


def count_terms(words_texts: list[str]) -> TermCounts:
    """Count every unigram and bigram of texts as :meth:`SkillMatcher.words_text` gives them.

    The compiled matcher counts them as scikit-learn's ``CountVectorizer`` does (the same terms,
    columns and entries; ``tests/test_native.py`` compares them), about four times faster.
    """
    from classifier import skills

    if skills.native_available():
        terms, indptr, indices, data = skills._native.count_terms(list(words_texts))
        if not terms:  # not one token in any text
            return TermCounts(sp.csr_matrix((len(words_texts), 0), dtype=np.float32), np.array([], dtype=object))
        pointers = np.frombuffer(indptr, dtype=np.int64)
        if pointers[-1] <= np.iinfo(np.int32).max:  # the index type CountVectorizer chooses
            pointers = pointers.astype(np.int32)
        counts = sp.csr_matrix(
            (np.frombuffer(data, dtype=np.float32).copy(), np.frombuffer(indices, dtype=np.int32).copy(), pointers),
            shape=(len(words_texts), len(terms)),
        )
        return TermCounts(counts, np.array(terms, dtype=object))
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(lowercase=False, token_pattern=r"(?u)\b\w\w+\b", ngram_range=(1, 2), dtype=np.float32)
    try:
        counts = vectorizer.fit_transform(words_texts)
    except ValueError:  # not one token in any text
        return TermCounts(sp.csr_matrix((len(words_texts), 0), dtype=np.float32), np.array([], dtype=object))
    return TermCounts(counts.tocsr(), vectorizer.get_feature_names_out())


def _in_vocabulary(terms: TermCounts, names: np.ndarray) -> sp.csr_matrix:
    """``terms``' counts as columns of the vocabulary ``names`` (terms outside it are dropped)."""
    import pandas as pd

    columns = pd.Index(names).get_indexer(terms.terms)
    inside = np.flatnonzero(columns >= 0)
    mapping = sp.csr_matrix(
        (np.ones(len(inside), dtype=np.float32), (inside, columns[inside])), shape=(len(columns), len(names))
    )
    return sp.csr_matrix(terms.counts @ mapping)


def _count_matrix(indices: np.ndarray, indptr: list[int], width: int) -> sp.csr_matrix:
    matrix = sp.csr_matrix(
        (
            np.ones(len(indices), dtype=np.float64),
            indices,
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(indptr) - 1, width),
    )
    matrix.sum_duplicates()
    return matrix
