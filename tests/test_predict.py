"""Predictor: predictions, probabilities, frames and exact explanations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from classifier import Predictor, extract_skills, train
from classifier.config import default_model_path

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def predictor(trained_model):
    return Predictor.load(trained_model)


def test_public_api_imports():
    assert callable(train) and callable(extract_skills)


def test_predict_and_proba(predictor):
    texts = [
        "Deploy PyTorch models with Docker on Kubernetes, MLOps, model serving",
        "A/B testing, hypothesis testing, SQL and Tableau dashboards for stakeholders",
        "React, TypeScript and CSS; Figma with designers",
    ]
    assert predictor.predict(texts) == ["ml_engineering", "data_science", "other"]
    proba = predictor.predict_proba(texts)
    assert list(proba.columns) == predictor.labels == ["data_science", "ml_engineering", "other"]
    assert proba.sum(axis=1).round(6).eq(1).all()
    with pytest.raises(ValueError, match="got one string"):
        predictor.predict("PyTorch")


def test_predict_frame_keeps_every_row_in_order(predictor):
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "description": ["PyTorch and Kubernetes", "", "1234 !!!", "zzxq qqzv", None],
        }
    )
    out = predictor.predict_frame(frame)
    assert list(out["id"]) == ["a", "b", "c", "d", "e"]
    assert list(out["status"]) == [
        "ok",
        "empty text",
        "text has no letters",
        "no known skill or word in text",
        "empty text",
    ]
    assert list(out["label"]) == ["ml_engineering", "", "", "", ""]
    assert list(out.columns) == [
        "id",
        "label",
        "confidence",
        "p_data_science",
        "p_ml_engineering",
        "p_other",
        "skills",
        "context",
        "status",
    ]
    assert out.loc[0, "skills"] == "Kubernetes; PyTorch"
    assert math.isclose(out.loc[0, "confidence"], out.loc[0, "p_ml_engineering"])
    assert out["confidence"].iloc[1:].isna().all()


def test_row_numbers_as_ids_without_id_column(predictor):
    out = predictor.predict_frame(pd.DataFrame({"text": ["Python", "SQL"]}))
    assert list(out["id"]) == [1, 2]


def test_min_confidence_and_explain_columns(predictor):
    frame = pd.DataFrame({"description": ["PyTorch and Kubernetes and Docker", "Python"]})
    out = predictor.predict_frame(frame, min_confidence=0.99, explain=2)
    assert "uncertain" in set(out["label"])
    assert out.loc[0, "explanation"].count(";") == 1


def test_explanation_adds_up_to_the_models_score(predictor):
    text = "We deploy PyTorch models with Docker on Kubernetes and run A/B testing in SQL."
    for label in predictor.labels:
        explanation = predictor.explain(text, label=label)
        total = explanation.intercept + sum(item.contribution for item in explanation.contributions)
        assert math.isclose(total, explanation.score, abs_tol=1e-9)
        assert math.isclose(explanation.score, predictor.decision_score(text, label), abs_tol=1e-9)
    best = predictor.explain(text)
    assert best.label == predictor.predict([text])[0]
    assert {item.skill for item in best.contributions} >= {"PyTorch", "Docker", "Kubernetes"}
    assert best.to_frame().shape[0] == len(best.contributions)
    with pytest.raises(ValueError, match="unknown label"):
        predictor.explain(text, label="chef")


def test_weights_are_stored_as_float32_and_scores_summed_in_float64(predictor):
    linear = predictor._linear
    assert linear.coef_.dtype == np.float32  # half the model file
    texts = ["We deploy PyTorch models with Docker on Kubernetes.", "SQL, Tableau and A/B tests for stakeholders."]
    features = predictor._features.transform(texts)
    scores = features @ linear.coef_.astype(np.float64).T + linear.intercept_
    assert linear.decision_function(features).dtype == np.float64
    assert np.allclose(linear.decision_function(features), scores, rtol=0, atol=1e-12)
    assert predictor.predict_proba(texts).to_numpy().dtype == np.float64


def test_binary_model_explanations(tmp_path, postings_frame):
    path = tmp_path / "binary.joblib"
    train(postings_frame, path, labels=["data_science", "ml_engineering"])  # two labels
    predictor = Predictor.load(path)
    assert predictor.labels == ["data_science", "ml_engineering"]
    text = "PyTorch, Docker, statistics and SQL"
    for label in predictor.labels:
        explanation = predictor.explain(text, label=label)
        total = explanation.intercept + sum(item.contribution for item in explanation.contributions)
        assert math.isclose(total, predictor.decision_score(text, label), abs_tol=1e-9)


def test_default_model_loads_and_classifies_the_sample_file():
    assert default_model_path().exists()
    predictor = Predictor.load()
    assert set(predictor.labels) == {"data_science", "ml_engineering", "other"}
    frame = pd.read_csv(SAMPLE)
    out = predictor.predict_frame(frame)
    assert len(out) == len(frame)
    assert set(out["label"]) <= {"data_science", "ml_engineering", "other", ""}
