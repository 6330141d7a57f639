"""The scikit-learn transformers from postings to features: skills, and skills with words.

What they compute lives in :mod:`classifier.featurecore` (no scikit-learn there); these classes
add scikit-learn's estimator interface for training: parameters, cloning, pipelines. Model files
name these classes.
"""

from __future__ import annotations

from sklearn.base import BaseEstimator, TransformerMixin

from classifier.featurecore import (  # noqa: F401 - TermCounts and count_terms re-exported: their home before
    PostingFeaturesCore,
    SkillFeaturesCore,
    TermCounts,
    count_terms,
)


class SkillFeatures(SkillFeaturesCore, TransformerMixin, BaseEstimator):
    __doc__ = SkillFeaturesCore.__doc__

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class PostingFeatures(PostingFeaturesCore, SkillFeatures):
    __doc__ = PostingFeaturesCore.__doc__
