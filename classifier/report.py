"""Render an :class:`~classifier.evaluate.Evaluation` as one self-contained HTML page (plots inlined as PNG)."""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from classifier.evaluate import Evaluation

COLOURS = {"data_science": "#2a7ab9", "ml_engineering": "#d9822b", "other": "#7f8c8d"}


def _colour(label: str) -> str:
    return COLOURS.get(label, "#6c5ce7")


def _figure_to_img(figure: Any, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _confusion_plot(metrics: dict[str, Any]) -> str:
    import matplotlib.pyplot as plt

    labels = metrics["confusion_matrix"]["labels"]
    matrix = np.asarray(metrics["confusion_matrix"]["matrix"])
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros_like(matrix, dtype=float), where=totals > 0)
    figure, axes = plt.subplots(figsize=(1.6 + 1.4 * len(labels), 1.2 + 1.2 * len(labels)))
    axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for row in range(len(labels)):
        for column in range(len(labels)):
            axes.text(
                column,
                row,
                f"{matrix[row, column]}\n{shares[row, column]:.0%}",
                ha="center",
                va="center",
                color="white" if shares[row, column] > 0.6 else "black",
                fontsize=9,
            )
    axes.set_xticks(range(len(labels)), labels, rotation=20)
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title("Confusion matrix (count, share of the true label)")
    return _figure_to_img(figure, "confusion matrix")


def _top_skills_plot(top: dict[str, list[tuple[str, float]]]) -> str:
    import matplotlib.pyplot as plt

    figure, axes_list = plt.subplots(1, len(top), figsize=(4.2 * len(top), 4.2), squeeze=False)
    for axes, (label, skills) in zip(axes_list[0], top.items()):
        names = [name for name, _ in skills][::-1]
        weights = [weight for _, weight in skills][::-1]
        axes.barh(names, weights, color=_colour(label))
        axes.set_title(label)
        axes.set_xlabel("weight in the model")
        axes.tick_params(axis="y", labelsize=8)
    figure.suptitle("Skills that push a posting towards each label")
    figure.tight_layout()
    return _figure_to_img(figure, "top skills per label")


def _reliability_plot(reliability: Any) -> str:
    import matplotlib.pyplot as plt

    filled = reliability[reliability["count"] > 0]
    figure, axes = plt.subplots(figsize=(4.8, 4.2))
    axes.plot([0, 1], [0, 1], linestyle="--", color="#999", label="perfectly calibrated")
    axes.plot(filled["confidence"], filled["accuracy"], marker="o", color="#2a7ab9", label="this model")
    for _, row in filled.iterrows():
        axes.annotate(
            str(int(row["count"])),
            (row["confidence"], row["accuracy"]),
            fontsize=7,
            textcoords="offset points",
            xytext=(3, -9),
        )
    axes.set_xlim(0, 1.02)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("confidence of the predicted label")
    axes.set_ylabel("share right")
    axes.set_title("Reliability (numbers: postings per bin)")
    axes.legend(loc="upper left", fontsize=8)
    return _figure_to_img(figure, "reliability curve")


def _shares_plot(shares: Any) -> str:
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(8.5, 0.5 + 0.32 * len(shares)))
    positions = np.arange(len(shares))[::-1]
    height = 0.8 / max(1, len(shares.columns))
    for offset, label in enumerate(shares.columns):
        axes.barh(
            positions + offset * height - 0.4 + height / 2,
            shares[label],
            height=height,
            color=_colour(label),
            label=label,
        )
    axes.set_yticks(positions, shares.index, fontsize=8)
    axes.set_xlabel("share of postings that mention the skill")
    axes.set_xlim(0, 1)
    axes.legend(fontsize=8, loc="lower right")
    axes.set_title("Leading skills: how often each label's postings mention them")
    return _figure_to_img(figure, "share of postings mentioning each leading skill")


def _table(rows: list[list[str]], header: list[str]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(evaluation: Evaluation) -> str:
    import matplotlib

    matplotlib.use("Agg")
    metrics = evaluation.metrics
    per_label = [
        [label, f"{values['precision']:.3f}", f"{values['recall']:.3f}", f"{values['f1']:.3f}", str(values["support"])]
        for label, values in metrics["per_label"].items()
    ]
    summary = [
        ["postings evaluated", str(metrics["postings"])],
        ["macro-F1", f"{metrics['macro_f1']:.3f}"],
        ["accuracy", f"{metrics['accuracy']:.3f}"],
        ["Brier score", f"{metrics['brier_score']:.4f}"],
        ["expected calibration error", f"{metrics['expected_calibration_error']:.4f}"],
        ["postings without a known skill", str(metrics["postings_without_known_skill"])],
        ["labels from", str(metrics["label_source"])],
        ["source", str(metrics["source"])],
    ] + [[f"left out: {reason}", str(count)] for reason, count in metrics["rows_left_out"].items()]
    mistakes = [
        [row.true, row.predicted, f"{row.confidence:.2f}", row.explaining_skills, row.excerpt]
        for row in evaluation.mistakes.itertuples()
    ]
    group_section = ""
    if evaluation.groups:
        rows = [
            [
                name,
                str(scores["postings"]),
                f"{scores['macro_f1']:.3f}",
                f"{scores['accuracy']:.3f}",
                f"{scores['expected_calibration_error']:.3f}",
            ]
            for name, scores in evaluation.groups.items()
        ]
        group_section = f"<h2>By {html.escape(metrics['groups']['column'])}</h2>" + _table(
            rows, ["group", "postings", "macro-F1", "accuracy", "ECE"]
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jobclass evaluation</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
h1 {{ margin-bottom: 0.2rem; }} .sub {{ color: #666; margin-top: 0; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }}
th {{ background: #f4f6f8; }} img {{ max-width: 100%; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }}
</style></head><body>
<h1>jobclass evaluation</h1>
<p class="sub">Model {html.escape(str(metrics["model"]["path"]))},
labels {html.escape(", ".join(metrics["model"]["labels"]))}.</p>
<div class="grid"><div>{_table(summary, ["measure", "value"])}</div>
<div>{_table(per_label, ["label", "precision", "recall", "F1", "support"])}</div></div>
<div class="grid"><div>{_confusion_plot(metrics)}</div><div>{_reliability_plot(evaluation.reliability)}</div></div>
<h2>What the model learned</h2>
{_top_skills_plot(evaluation.top_skills)}
{_shares_plot(evaluation.skill_shares)}
<h2>The most confident mistakes</h2>
{_table(mistakes, ["true", "predicted", "confidence", "skills that pushed the decision", "excerpt"])}
{group_section}
</body></html>
"""
