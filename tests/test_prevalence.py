"""Prevalence estimates on synthetic shifted mixes with known answers, and the prevalence and --prior CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from classifier.cli import main
from classifier.config import DEFAULT_PREVALENCE_METHOD
from classifier.prevalence import (
    METHODS,
    PrevalenceCalibration,
    PrevalenceOptions,
    adjust_probabilities,
    em_prior,
    estimate,
    estimate_prevalence,
    held_out_errors,
)

CLASSES = ("a", "b", "c")
MEANS = np.array([[0.0, 0.0], [2.2, 0.0], [0.0, 2.2]])


def _sample(mix, n, generator):
    """Labels drawn from ``mix`` and points from one unit Gaussian per label."""
    labels = generator.choice(len(CLASSES), size=n, p=mix)
    points = MEANS[labels] + generator.normal(size=(n, 2))
    return labels, points


def _posteriors(points, prior):
    """The exact posterior probabilities under ``prior``: perfectly calibrated for that mix."""
    log_likelihood = -0.5 * ((points[:, None, :] - MEANS[None, :, :]) ** 2).sum(axis=2)
    weighted = np.exp(log_likelihood) * np.asarray(prior)
    return weighted / weighted.sum(axis=1, keepdims=True)


TRAINING_MIX = np.array([0.1, 0.1, 0.8])


@pytest.fixture(scope="module")
def calibration():
    generator = np.random.default_rng(1)
    labels, points = _sample(TRAINING_MIX, 20_000, generator)
    probabilities = _posteriors(points, TRAINING_MIX)
    return PrevalenceCalibration.fit(np.asarray(CLASSES, dtype=object)[labels], probabilities, CLASSES, split="test")


@pytest.mark.parametrize("mix", [(0.56, 0.14, 0.30), (0.10, 0.78, 0.12), (0.34, 0.33, 0.33)])
def test_adjusted_methods_recover_a_shifted_mix_that_counting_misses(calibration, mix):
    generator = np.random.default_rng(2)
    labels, points = _sample(mix, 20_000, generator)
    probabilities = _posteriors(points, TRAINING_MIX)
    truth = np.bincount(labels, minlength=3) / len(labels)
    for method in ("acc", "pacc", "em"):
        assert np.abs(estimate(probabilities, calibration, method) - truth).max() < 0.02, method
    counted = estimate(probabilities, calibration, "cc")
    assert np.abs(counted - truth).max() > 0.04  # counting is pulled toward the training mix
    shrunk = estimate(probabilities, calibration, "sacc")  # halfway between, with the default weight
    assert np.allclose(shrunk, (counted + estimate(probabilities, calibration, "acc")) / 2)


def test_every_method_gives_shares_that_sum_to_one(calibration):
    generator = np.random.default_rng(3)
    _, points = _sample((0.2, 0.3, 0.5), 500, generator)
    probabilities = _posteriors(points, TRAINING_MIX)
    for method in METHODS:
        shares = estimate(probabilities, calibration, method)
        assert shares.min() >= -1e-12 and abs(shares.sum() - 1) < 1e-6, method


def test_em_converges_to_the_training_mix_on_the_training_distribution():
    generator = np.random.default_rng(4)
    labels, points = _sample(TRAINING_MIX, 30_000, generator)
    prior, iterations = em_prior(_posteriors(points, TRAINING_MIX), TRAINING_MIX)
    assert np.abs(prior - np.bincount(labels) / len(labels)).max() < 0.01 and iterations < 1000


def test_adjusting_to_the_training_mix_changes_nothing_and_rows_stay_probabilities():
    probabilities = np.array([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05], [0, 0, 0]])
    assert np.allclose(adjust_probabilities(probabilities, TRAINING_MIX, TRAINING_MIX)[:2], probabilities[:2])
    moved = adjust_probabilities(probabilities, TRAINING_MIX, [0.5, 0.25, 0.25])
    assert np.allclose(moved[:2].sum(axis=1), 1) and moved[0, 0] > probabilities[0, 0]
    assert (moved[2] == 0).all()  # no probabilities: nothing invented


def test_intervals_hold_the_true_mix_about_95_times_in_100(calibration):
    generator = np.random.default_rng(5)
    inside = 0
    trials = 40
    for _ in range(trials):
        labels, points = _sample((0.3, 0.2, 0.5), 1500, generator)
        truth = np.bincount(labels, minlength=3) / len(labels)
        result = estimate_prevalence(
            _posteriors(points, TRAINING_MIX), calibration, PrevalenceOptions("pacc", bootstrap=100)
        )
        inside += all(result.shares[c].low <= t <= result.shares[c].high for c, t in zip(CLASSES, truth))
    assert inside >= 0.8 * trials  # three labels at once; ~0.9 expected


def test_held_out_error_widens_the_interval(calibration):
    generator = np.random.default_rng(6)
    _, points = _sample((0.3, 0.2, 0.5), 1000, generator)
    probabilities = _posteriors(points, TRAINING_MIX)
    plain = estimate_prevalence(probabilities, calibration, PrevalenceOptions("pacc", bootstrap=50))
    wide = PrevalenceCalibration(**{**calibration.__dict__, "held_out_error": {"pacc": dict.fromkeys(CLASSES, 0.05)}})
    widened = estimate_prevalence(probabilities, wide, PrevalenceOptions("pacc", bootstrap=50))
    for label in CLASSES:
        assert widened.shares[label].share == pytest.approx(plain.shares[label].share)
        assert widened.shares[label].high - widened.shares[label].low > plain.shares[label].high - plain.shares[
            label
        ].low + 0.1


def test_held_out_errors_learn_the_shrinkage_from_other_sources():
    """Sources whose postings differ (not a pure prior shift): counting undershoots and adjusting overshoots."""
    generator = np.random.default_rng(7)
    labels, probabilities, sources = [], [], []
    for number, mix in enumerate([(0.1, 0.1, 0.8), (0.5, 0.1, 0.4), (0.2, 0.6, 0.2), (0.05, 0.05, 0.9)]):
        drawn, points = _sample(mix, 3000, generator)
        points = points + generator.normal(scale=0.4 * number, size=(1, 2))  # each site a little elsewhere
        labels.append(np.asarray(CLASSES, dtype=object)[drawn])
        probabilities.append(_posteriors(points, TRAINING_MIX))
        sources += [f"site-{number}"] * len(drawn)
    labels, probabilities = np.concatenate(labels), np.vstack(probabilities)
    errors = held_out_errors(labels, probabilities, CLASSES, np.asarray(sources, dtype=object))
    assert set(errors) == set(METHODS) and errors["cc"]["sources"] == 4
    assert 0 <= errors["sacc"]["shrinkage"] <= 1
    assert set(errors["sacc"]["per_source"]) == {f"site-{n}" for n in range(4)}
    fitted = PrevalenceCalibration.fit(labels, probabilities, CLASSES, split="sources", sources=sources)
    assert fitted.held_out_sources == 4 and set(fitted.held_out_error) == set(METHODS)
    again = PrevalenceCalibration.from_metadata(json.loads(json.dumps(fitted.to_metadata())))
    assert again.shrinkage == fitted.shrinkage and np.allclose(again.mean_probabilities, fitted.mean_probabilities)


def test_bad_inputs_are_refused(calibration):
    with pytest.raises(ValueError, match="one column per label"):
        estimate_prevalence(np.ones((3, 2)), calibration)
    with pytest.raises(ValueError, match="unknown prevalence method"):
        PrevalenceOptions("median")
    empty = estimate_prevalence(np.zeros((0, 3)), calibration)
    assert empty.postings == 0 and all(np.isnan(s.share) for s in empty.shares.values())
    assert empty.to_dict()["shares"]["a"] == {"share": None, "low": None, "high": None}


# -- the CLI ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sourced(tmp_path_factory):
    from classifier.model import train
    from tests.conftest import make_postings

    folder = tmp_path_factory.mktemp("prevalence")
    frame = make_postings(per_label=30)
    frame["source"] = [f"site-{n % 3}" for n in range(len(frame))]
    frame["date"] = [f"2025-0{1 + n % 2}-15" for n in range(len(frame))]
    postings = folder / "postings.csv"
    frame.to_csv(postings, index=False)
    model = folder / "model.joblib"
    # sigmoid: on these easily told apart postings an isotonic map (auto's choice) gives exactly 0 and 1,
    # which no prior can move
    train(postings, model, include_other=True, validate="source", calibration="sigmoid")
    return postings, model


def _run(*arguments):
    result = CliRunner().invoke(main, [str(argument) for argument in arguments])
    assert "Traceback" not in result.output
    return result


def test_prevalence_json_has_the_documented_shape(sourced):
    postings, model = sourced
    result = _run("prevalence", postings, "--model", model, "--json", "--bootstrap", "50")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["postings"] == 90 and report["unclassified"] == 0
    assert report["method"] == DEFAULT_PREVALENCE_METHOD and report["fallback"] is None
    assert set(report["shares"]) == {"data_science", "ml_engineering", "other"}
    for share in report["shares"].values():
        assert share["low"] <= share["share"] <= share["high"]
    assert sum(report["classify_and_count"].values()) == pytest.approx(1, abs=1e-3)
    assert "groups" not in report


def test_prevalence_by_column_and_by_month(sourced):
    postings, model = sourced
    by_source = json.loads(_run("prevalence", postings, "--model", model, "--by", "source", "--json").output)
    assert set(by_source["groups"]) == {"site-0", "site-1", "site-2"}
    assert sum(group["postings"] for group in by_source["groups"].values()) == 90
    by_month = json.loads(_run("prevalence", postings, "--model", model, "--by", "date:month", "--json").output)
    assert set(by_month["groups"]) == {"2025-01", "2025-02"}
    table = _run("prevalence", postings, "--model", model, "--by", "source", "--method", "em")
    assert table.exit_code == 0 and "site-1" in table.output and "EM" in table.output


def test_prevalence_refuses_a_missing_column_in_one_line(sourced):
    postings, model = sourced
    result = _run("prevalence", postings, "--model", model, "--by", "region")
    assert result.exit_code == 1 and "no column 'region'" in result.output and len(result.output.splitlines()) == 1


def test_classify_prior_auto_and_given(sourced, tmp_path):
    postings, model = sourced
    plain, adjusted, given = tmp_path / "plain.csv", tmp_path / "auto.csv", tmp_path / "given.csv"
    assert _run("classify", postings, "--model", model, "-o", plain, "--jobs", "1").exit_code == 0
    result = _run("classify", postings, "--model", model, "-o", adjusted, "--prior", "auto", "--jobs", "1")
    assert result.exit_code == 0 and f"estimated from the file ({DEFAULT_PREVALENCE_METHOD})" in result.output
    mix = "data_science=0.8,ml_engineering=0.1,other=0.1"
    result = _run("classify", postings, "--model", model, "-o", given, "--prior", mix, "--jobs", "1")
    assert result.exit_code == 0 and "label mix given" in result.output
    before, after = pd.read_csv(plain), pd.read_csv(given)
    assert len(after) == len(before)
    assert (after["p_data_science"] >= before["p_data_science"] - 1e-4).all()
    assert (after["p_data_science"] > before["p_data_science"] + 1e-3).any()
    assert np.allclose(after[["p_data_science", "p_ml_engineering", "p_other"]].sum(axis=1), 1, atol=1e-3)


@pytest.mark.parametrize(
    ("prior", "message"),
    [
        ("data_science=0.5", "missing ml_engineering, other"),
        ("data_science=0.5,ml_engineering=0.3,other=0.3", "sum to 1"),
        ("data_science=0.5,ml_engineering=0.5,nurse=0", "unknown label"),
        ("data_science=half", "use LABEL=SHARE"),
        ("data_science=nan,ml_engineering=0.5,other=0.5", "use LABEL=SHARE"),
        ("data_science=-0.5,ml_engineering=1,other=0.5", "0 or more"),
        ("median", "use auto"),
    ],
)
def test_classify_refuses_a_bad_prior(sourced, tmp_path, prior, message):
    postings, model = sourced
    result = _run("classify", postings, "--model", model, "-o", tmp_path / "out.csv", "--prior", prior)
    assert result.exit_code in (1, 2) and message in result.output
    assert not (tmp_path / "out.csv").exists()


def test_a_model_without_a_prevalence_calibration_is_refused_in_one_line(sourced, tmp_path):
    from classifier.persistence import load_model, save_model

    postings, model = sourced
    pipeline, metadata = load_model(model)
    metadata.pop("prevalence")
    old = save_model(tmp_path / "old.joblib", pipeline, metadata)
    result = _run("prevalence", postings, "--model", old)
    assert result.exit_code == 1 and "no prevalence calibration" in result.output
    result = _run("classify", postings, "--model", old, "--prior", "auto", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and "retrain" in result.output


def test_prevalence_runs_a_quapy_method_quietly_and_names_a_fallback(sourced):
    pytest.importorskip("quapy", reason="the QuaPy methods need the optional extra 'quantify'")
    postings, model = sourced
    result = _run("prevalence", postings, "--model", model, "--method", "hdy", "--quiet", "--json", "--bootstrap", "10")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["method"] == "hdy" and report["fallback"] is None
    table = _run("prevalence", postings, "--model", model, "--by", "source", "--method", "hdy", "--bootstrap", "5")
    assert "note (site-0): 30 postings are too few to adjust (fewer than 50): counted" in table.output
