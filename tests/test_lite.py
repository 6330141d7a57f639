"""Prediction without scikit-learn: a model loaded for prediction (classifier.lite) gives the
probabilities scikit-learn's objects give, and classifying never imports scikit-learn."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from classifier.lite import PostingFeatures as LiteFeatures
from classifier.lite import is_lite, to_sklearn
from classifier.model import train
from classifier.persistence import load_model, save_model
from classifier.predict import Predictor
from tests.conftest import make_postings

TEXTS = [
    "We deploy PyTorch models on Kubernetes and monitor their latency.",
    "SQL, Tableau dashboards and A/B tests for our stakeholders; statistics in R.",
    "Recruiter for our sales team; Excel and a friendly phone manner.",
    "",
    "Python " * 400,
]


def _both(path):
    """(lite pipeline, scikit-learn pipeline) of one model file."""
    lite, _ = load_model(path, lite=True)
    full, _ = load_model(path)
    assert is_lite(lite) and not is_lite(full)
    return lite, full


@pytest.mark.parametrize(
    ("include_other", "calibration"),
    [(True, "none"), (True, "sigmoid"), (True, "isotonic"), (False, "sigmoid"), (False, "isotonic"), (False, "none")],
)
def test_lite_probabilities_equal_sklearns(tmp_path, postings_frame, include_other, calibration):
    path = train(postings_frame, include_other=include_other, calibration=calibration).save(tmp_path / "m.joblib")
    lite, full = _both(path)
    texts = TEXTS + postings_frame["description"].tolist()[:50]
    assert np.abs(lite.predict_proba(texts) - full.predict_proba(texts)).max() < 1e-12
    assert np.abs(lite.decision_function(texts) - full.decision_function(texts)).max() < 1e-9
    assert list(lite.predict(texts)) == list(full.predict(texts))


def test_the_default_model_lite_equals_sklearn():
    lite, full = _both(Predictor.load().path)
    texts = TEXTS + [posting for posting in make_postings(per_label=10)["description"]]
    assert np.abs(lite.predict_proba(texts) - full.predict_proba(texts)).max() < 1e-12


def test_a_predictor_is_lite_and_gives_sklearns_pipeline_when_asked(tmp_path):
    predictor = Predictor.load()
    assert isinstance(predictor._features, LiteFeatures)
    before = predictor.predict_proba(TEXTS).to_numpy()
    pipeline = predictor.pipeline  # scikit-learn's objects, sharing the fitted arrays
    assert type(pipeline).__module__ == "sklearn.pipeline"
    assert type(pipeline.named_steps["features"]).__module__ == "classifier.features"
    assert np.abs(pipeline.predict_proba(TEXTS) - before).max() < 1e-12
    # what is saved from it is an ordinary model file, which loads and predicts the same
    copy = save_model(tmp_path / "copy.joblib", predictor.pipeline, predictor.metadata)
    assert np.abs(Predictor.load(copy).predict_proba(TEXTS).to_numpy() - before).max() < 1e-12


def test_to_sklearn_leaves_other_objects_alone():
    marker = object()
    assert to_sklearn(marker) is marker
    assert to_sklearn([1, "a"]) == [1, "a"]


def test_classifying_never_imports_sklearn(tmp_path):
    source = tmp_path / "postings.csv"
    make_postings(per_label=5).to_csv(source, index=False)
    script = (
        "import sys\n"
        "from classifier.cli import main\n"
        f"sys.argv = ['jobclass', 'classify', {str(source)!r}, '-o', {str(tmp_path / 'out.csv')!r}, '--quiet',"
        " '--explain', '2', '--facts']\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "from classifier import Predictor\n"
        "predictor = Predictor.load()\n"
        "predictor.predict(['We deploy PyTorch models on Kubernetes.'])\n"
        "predictor.explain('We deploy PyTorch models on Kubernetes.')\n"
        "heavy = ('sklearn', 'scipy.stats')\n"
        "print(sorted(n for n in sys.modules if n in heavy or n.startswith(('sklearn.', 'scipy.stats.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
    assert (tmp_path / "out.csv").exists()
