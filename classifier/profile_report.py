"""Render a role profile (``Profile.to_dict()``) as one self-contained HTML page (charts inlined as PNG)."""

from __future__ import annotations

import html
from typing import Any

from classifier.report import _colour, _figure_to_img

_STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 72rem;
       color: #222; line-height: 1.45; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.4rem; border-bottom: 2px solid #eee; padding-bottom: 0.2rem; }
.lede { color: #555; margin-top: 0; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 0.7rem 1rem; min-width: 10rem; }
.card b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.92rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 0.7rem; border-radius: 2px; vertical-align: middle; margin-right: 0.4rem; }
.verdict { border-radius: 4px; padding: 0.05rem 0.45rem; font-size: 0.85rem; white-space: nowrap; }
.supported { background: #d9f2e3; color: #14532d; } .contradicted { background: #fde2e1; color: #7f1d1d; }
.unclear { background: #eee; color: #444; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
img { max-width: 100%; }
.note { color: #666; font-size: 0.88rem; }
"""

_KIND_TITLES = {
    "language": "Languages",
    "library": "Libraries and frameworks",
    "platform": "Platforms and clouds",
    "tool": "Tools",
    "method": "Methods",
}


def _e(value: object) -> str:
    return html.escape(str(value))


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}%"


def _money(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _label_name(label: str) -> str:
    return label.replace("_", " ")


# -- charts ------------------------------------------------------------------------------------------


def _difference_plot(rows: list[dict[str, Any]], first: str, second: str, title: str) -> str:
    """A forest plot: each skill's share difference between the roles with its 95 % interval."""
    import matplotlib.pyplot as plt

    rows = rows[::-1]
    figure, axes = plt.subplots(figsize=(7.2, 0.8 + 0.32 * len(rows)))
    for position, row in enumerate(rows):
        colour = _colour(first) if row["difference"] > 0 else _colour(second)
        axes.plot([100 * row["low"], 100 * row["high"]], [position, position], color=colour, lw=2)
        axes.plot(100 * row["difference"], position, "o", color=colour, ms=5)
    axes.axvline(0, color="#999", lw=1)
    labels = [f"{row['skill']}  ({_pct(row['first']['share'])} vs {_pct(row['second']['share'])})" for row in rows]
    axes.set_yticks(range(len(rows)), labels, fontsize=8.5)
    axes.set_xlabel(f"share of {_label_name(first)} minus share of {_label_name(second)} (points, 95% interval)")
    axes.set_title(title, fontsize=10)
    axes.grid(axis="x", alpha=0.3)
    return _figure_to_img(figure, title)


def _grouped_bars(shares: dict[str, dict[str, float | None]], categories: list[str], title: str, xlabel: str) -> str:
    """Bars of each category's share, one colour per label."""
    import matplotlib.pyplot as plt
    import numpy as np

    labels = list(shares)
    if not labels:
        return ""  # no posting has a label: nothing to draw
    width = 0.8 / max(1, len(labels))
    figure, axes = plt.subplots(figsize=(7.2, 3.0))
    x = np.arange(len(categories))
    for index, label in enumerate(labels):
        values = [100 * (shares[label].get(category) or 0) for category in categories]
        axes.bar(x + index * width - 0.4 + width / 2, values, width, label=_label_name(label), color=_colour(label))
    axes.set_xticks(x, categories, fontsize=8.5)
    axes.set_ylabel("% of the label's postings")
    axes.set_xlabel(xlabel)
    axes.set_title(title, fontsize=10)
    axes.legend(fontsize=8, frameon=False)
    axes.grid(axis="y", alpha=0.3)
    return _figure_to_img(figure, title)


def _salary_plot(salary: dict[str, Any], currency: str) -> str:
    """Box plots (quartiles, whiskers at the 10th and 90th percentiles) of annual salary by label."""
    import matplotlib.pyplot as plt

    stats, colours = [], []
    for label, block in salary.items():
        figures = block["currencies"].get(currency)
        if not figures or figures["stated"] < 3:
            continue
        stats.append(
            {
                "label": f"{_label_name(label)}\n({figures['stated']:,})",
                "med": figures["median"],
                "q1": figures["q1"],
                "q3": figures["q3"],
                "whislo": figures["p10"],
                "whishi": figures["p90"],
                "fliers": [],
            }
        )
        colours.append(_colour(label))
    if not stats:
        return ""
    figure, axes = plt.subplots(figsize=(6.0, 0.9 + 0.55 * len(stats)))
    try:  # matplotlib 3.10 names it orientation, and deprecates vert
        boxes = axes.bxp(stats, orientation="horizontal", patch_artist=True, showfliers=False)
    except TypeError:
        boxes = axes.bxp(stats, vert=False, patch_artist=True, showfliers=False)
    for patch, colour in zip(boxes["boxes"], colours):
        patch.set_facecolor(colour)
        patch.set_alpha(0.55)
    axes.set_xlabel(f"annual salary, {currency} (box: quartiles; whiskers: 10th-90th percentile)")
    axes.xaxis.set_major_formatter(lambda value, _: f"{value / 1000:,.0f}k" if abs(value) >= 1000 else f"{value:.0f}")
    axes.grid(axis="x", alpha=0.3)
    return _figure_to_img(figure, f"salary in {currency}")


def _plotted_groups(over: dict[str, Any], label: str | None = None) -> list[str]:
    """Groups to draw: those with a value and enough postings (of ``label``) for a share to mean something."""
    from classifier.profile import MIN_POSTINGS

    keys = []
    for key, group in over["groups"].items():
        count = group["postings"] if label is None else group["labels"][label]["postings"]
        if key not in ("(none)", "(no date)") and count >= MIN_POSTINGS:
            keys.append(key)
    return keys


def _over_plot(over: dict[str, Any], labels: list[str]) -> str:
    import matplotlib.pyplot as plt

    keys = _plotted_groups(over)
    if not keys:
        return ""
    figure, axes = plt.subplots(figsize=(7.2, 3.0))
    estimated = all(over["groups"][key].get("prevalence") for key in keys)
    for label in labels:
        colour = _colour(label)
        if estimated:  # the adjusted estimate and its interval
            shares = [over["groups"][key]["prevalence"]["shares"][label] for key in keys]
            values = [100 * (share["share"] or 0) for share in shares]
            low = [100 * (share["low"] or 0) for share in shares]
            high = [100 * (share["high"] or 0) for share in shares]
            axes.fill_between(range(len(keys)), low, high, color=colour, alpha=0.15, lw=0)
        else:
            values = [100 * (over["groups"][key]["labels"][label]["share"] or 0) for key in keys]
        axes.plot(range(len(keys)), values, marker="o", ms=3, label=_label_name(label), color=colour)
    _group_axis(axes, keys)
    axes.set_ylabel("estimated % (95% interval)" if estimated else "% of labelled postings")
    axes.set_title(f"Share of each label by {over['by']}", fontsize=10)
    axes.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    return _figure_to_img(figure, "label shares by group")


def _tracked_plot(over: dict[str, Any], label: str) -> str:
    import matplotlib.pyplot as plt

    keys = _plotted_groups(over, label)
    tracked = over["tracked_skills"].get(label) or []
    if not keys or not tracked:
        return ""
    figure, axes = plt.subplots(figsize=(7.2, 3.0))
    for name in tracked:
        values = [100 * (over["groups"][key]["skills"][label][name]["share"] or 0) for key in keys]
        axes.plot(range(len(keys)), values, marker="o", ms=3, label=name)
    _group_axis(axes, keys)
    axes.set_ylabel(f"% of {_label_name(label)} postings")
    axes.set_title(f"Top technologies of {_label_name(label)} by {over['by']} (groups of 10+ postings)", fontsize=10)
    axes.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    return _figure_to_img(figure, f"top skills of {label} by group")


def _group_axis(axes: Any, keys: list[str]) -> None:
    step = max(1, len(keys) // 20)
    axes.set_xticks(range(0, len(keys), step), keys[::step], rotation=45, ha="right", fontsize=8)
    axes.grid(alpha=0.3)


# -- tables ------------------------------------------------------------------------------------------


def _bar(share: float | None, label: str) -> str:
    width = 0 if share is None else max(1, round(90 * share))
    return f'<span class="bar" style="width:{width}px;background:{_colour(label)}"></span>{_pct(share)}'


def _verdict(value: str) -> str:
    css = value if value in ("supported", "contradicted") else "unclear"
    return f'<span class="verdict {css}">{_e(value)}</span>'


def _method_name(prevalence: dict[str, Any]) -> str:
    from classifier.prevalence import METHOD_NAMES

    name = METHOD_NAMES.get(prevalence.get("method", ""), prevalence.get("method", "an adjusted method"))
    return f"{name}; {prevalence['fallback']}" if prevalence.get("fallback") else name


def claims_heading(data: dict[str, Any]) -> str:
    """What the claims table compares, against which postings: the roles, their counts, the files, who labelled."""
    figures = data.get("labels", {})
    roles = {"data_science": "data science", "ml_engineering": "ML engineering"}
    counts = [f"{name} ({figures[label]['postings']:,} postings)" for label, name in roles.items() if label in figures]
    sources = ", ".join(data.get("sources") or []) or "the input"
    return (
        f"Statements about the roles, tested on these postings: {' against '.join(counts) or 'no labelled postings'}"
        f" from {sources}, labelled by {data.get('labelled_by', 'the model')}"
    )


def _claims_table(claims: list[dict[str, Any]]) -> str:
    if not claims:
        return "<p>The claims compare data science with ML engineering: the postings need both labels.</p>"
    rows = "".join(
        f"<tr><td>{_e(claim['topic'])}</td><td>{_e(claim['claim'])}</td><td>{_e(claim['shows'])}</td>"
        f"<td>{_verdict(claim['verdict'])}</td></tr>"
        for claim in claims
    )
    return f"<table><tr><th>topic</th><th>claim</th><th>what the postings show</th><th></th></tr>{rows}</table>"


def _top_skills_tables(skills: dict[str, dict[str, list[dict[str, Any]]]], kind: str, top: int = 10) -> str:
    cells = []
    for label, kinds in skills.items():
        rows = "".join(
            f"<tr><td>{_e(row['skill'])}</td><td>{_bar(row['share'], label)}</td>"
            f"<td class='num'>{row['postings']:,}</td></tr>"
            for row in kinds.get(kind, [])[:top]
        )
        cells.append(f"<div><h4>{_e(_label_name(label))}</h4><table>{rows or '<tr><td>none</td></tr>'}</table></div>")
    return f"<div class='grid'>{''.join(cells)}</div>"


def _distribution_table(block: dict[str, dict[str, Any]], categories: list[str], heading: str) -> str:
    head = "".join(f"<th>{_e(category)}</th>" for category in categories)
    rows = ""
    for label, figures in block.items():
        values = "".join(
            f"<td class='num'>{_pct(figures['values'][category]['share'])} "
            f"<span class='note'>({figures['values'][category]['postings']:,})</span></td>"
            for category in categories
        )
        rows += f"<tr><td>{_e(_label_name(label))}</td>{values}</tr>"
    return f"<table><tr><th>{_e(heading)}</th>{head}</tr>{rows}</table>"


def _salary_table(salary: dict[str, Any]) -> str:
    rows = ""
    for label, block in salary.items():
        for currency, figures in block["currencies"].items():
            rows += (
                f"<tr><td>{_e(_label_name(label))}</td><td>{_e(currency)}</td>"
                f"<td class='num'>{figures['stated']:,}</td>"
                f"<td class='num'>{_money(figures['q1'])}</td><td class='num'>{_money(figures['median'])}</td>"
                f"<td class='num'>{_money(figures['q3'])}</td></tr>"
            )
    if not rows:
        return "<p>No posting states a salary.</p>"
    return (
        "<table><tr><th>label</th><th>currency</th><th>postings stating one</th><th>lower quartile</th>"
        f"<th>median</th><th>upper quartile</th></tr>{rows}</table>"
    )


# -- the page ----------------------------------------------------------------------------------------


def render_profile(data: dict[str, Any]) -> str:
    """The HTML page of a profile's figures (the dict of ``Profile.to_dict``)."""
    from classifier.profile import EDUCATION_LEVELS, EXPERIENCE_BUCKETS, SENIORITY_LEVELS, WORK_ARRANGEMENTS

    labels = list(data["labels"])
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Role profile</title><style>{_STYLE}</style>"]
    parts.append("</head><body><h1>What the roles ask for</h1>")
    sources = ", ".join(data["sources"]) or "(input)"
    parts.append(
        f"<p class='lede'>{data['postings']:,} postings from {_e(sources)}; labelled by {_e(data['labelled_by'])}"
        + (
            f"; {data['unlabelled']:,} without a label (no text, or nothing the model knows)"
            if data["unlabelled"]
            else ""
        )
        + ".</p>"
    )
    estimated = (data.get("prevalence") or {}).get("shares", {})

    def card(label: str, figures: dict[str, Any]) -> str:
        adjusted = estimated.get(label)
        line = (
            f"<br><span class='note'>estimated share {_pct(adjusted['share'])} "
            f"[{_pct(adjusted['low'])}, {_pct(adjusted['high'])}]</span>"
            if adjusted
            else ""
        )
        return (
            f"<div class='card' style='border-left:6px solid {_colour(label)}'>{_e(_label_name(label))}"
            f"<b>{figures['postings']:,}</b>{_pct(figures['share'])} of labelled postings{line}</div>"
        )

    parts.append(f"<div class='cards'>{''.join(card(label, f) for label, f in data['labels'].items())}</div>")
    if estimated:
        parts.append(
            "<p class='note'>Counted labels carry the model's errors; the estimated share corrects them as "
            f"<code>jobclass prevalence</code> does ({_e(_method_name(data['prevalence']))}, with its 95% interval)."
            "</p>"
        )

    parts.append(f"<h2>{_e(claims_heading(data))}</h2>")
    parts.append(_claims_table(data["claims"]))
    parts.append(
        "<p class='note'>Differences are shares of postings with a 95% interval (Newcombe's hybrid score method); a "
        "claim is supported when the interval lies on its side of zero. Salaries: medians of annualised pay, "
        "interval by bootstrap.</p>"
    )

    parts.append("<h2>Skills and tools, by kind</h2>")
    comparison = data.get("comparison")
    for kind, title in _KIND_TITLES.items():
        parts.append(f"<h3>{_e(title)}</h3>")
        if comparison and comparison["skills"].get(kind):
            parts.append(
                _difference_plot(
                    comparison["skills"][kind],
                    comparison["first"],
                    comparison["second"],
                    f"{title}: {_label_name(comparison['first'])} vs {_label_name(comparison['second'])}",
                )
            )
        parts.append(_top_skills_tables(data["skills"], kind))

    parts.append("<h2>Education</h2>")
    levels = list(EDUCATION_LEVELS)
    shares = {label: {lv: block["values"][lv]["share"] for lv in levels} for label, block in data["education"].items()}
    parts.append(_grouped_bars(shares, levels, "Lowest degree asked for", "degree level"))
    parts.append(_distribution_table(data["education"], levels, "label"))
    field_rows = "".join(
        f"<tr><td>{_e(_label_name(label))}</td><td>"
        + ", ".join(f"{_e(row['field'])} {_pct(row['share'])}" for row in block["fields"][:8])
        + f"</td><td class='num'>{block['required']:,}</td><td class='num'>{block['preferred']:,}</td></tr>"
        for label, block in data["education"].items()
    )
    parts.append(
        "<table><tr><th>label</th><th>fields named (share of postings)</th><th>degree required</th>"
        f"<th>degree preferred</th></tr>{field_rows}</table>"
    )

    parts.append("<h2>Years of experience</h2>")
    buckets = [name for name, _, _ in EXPERIENCE_BUCKETS]
    shares = {label: {b: block["buckets"][b]["share"] for b in buckets} for label, block in data["experience"].items()}
    parts.append(_grouped_bars(shares, buckets, "Minimum years asked for (postings that state them)", "years"))
    rows = "".join(
        f"<tr><td>{_e(_label_name(label))}</td><td class='num'>{block['stated']:,}</td>"
        f"<td class='num'>{block['q1'] if block['q1'] is not None else '–'}</td>"
        f"<td class='num'>{block['median'] if block['median'] is not None else '–'}</td>"
        f"<td class='num'>{block['q3'] if block['q3'] is not None else '–'}</td></tr>"
        for label, block in data["experience"].items()
    )
    parts.append(
        "<table><tr><th>label</th><th>postings stating years</th><th>lower quartile</th><th>median</th>"
        f"<th>upper quartile</th></tr>{rows}</table>"
    )

    for key, categories, heading in (
        ("seniority", list(SENIORITY_LEVELS), "Seniority"),
        ("work_arrangement", list(WORK_ARRANGEMENTS), "Work arrangement"),
    ):
        parts.append(f"<h2>{heading}</h2>")
        block = data[key]
        shares = {label: {c: figures["values"][c]["share"] for c in categories} for label, figures in block.items()}
        parts.append(_grouped_bars(shares, categories, f"{heading} (share of postings; the rest do not say)", ""))
        parts.append(_distribution_table(block, categories, "label"))

    parts.append("<h2>Salary, annualised, by currency</h2>")
    currencies: dict[str, int] = {}
    for block in data["salary"].values():
        for currency, figures in block["currencies"].items():
            currencies[currency] = currencies.get(currency, 0) + figures["stated"]
    for currency in sorted(currencies, key=lambda name: -currencies[name])[:3]:
        parts.append(_salary_plot(data["salary"], currency))
    parts.append(_salary_table(data["salary"]))
    parts.append(
        "<p class='note'>A posting's annual figure is the middle of its range (hourly pay times 2,080 hours, monthly "
        "times 12). Postings that state no salary are left out: the figures describe those that do.</p>"
    )

    over = data.get("over")
    if over and over["groups"]:
        parts.append(f"<h2>By {_e(over['by'])}</h2>")
        parts.append(_over_plot(over, labels))
        for label in labels:
            parts.append(_tracked_plot(over, label))
        head = "".join(f"<th>{_e(_label_name(label))}</th>" for label in labels)

        def cell(group: dict[str, Any], label: str) -> str:
            counted = _pct(group["labels"][label]["share"])
            adjusted = (group.get("prevalence") or {}).get("shares", {}).get(label)
            if not adjusted:
                return f"<td class='num'>{counted}</td>"
            return (
                f"<td class='num'>{counted} <span class='note'>(est. {_pct(adjusted['share'])}, "
                f"{_pct(adjusted['low'])}-{_pct(adjusted['high'])})</span></td>"
            )

        rows = "".join(
            f"<tr><td>{_e(key)}</td><td class='num'>{group['postings']:,}</td>"
            + "".join(cell(group, label) for label in labels)
            + "</tr>"
            for key, group in over["groups"].items()
        )
        parts.append(f"<table><tr><th>{_e(over['by'])}</th><th>postings</th>{head}</tr>{rows}</table>")
        parts.append(
            "<p class='note'>Shares of labels are counted; where the model labelled the postings, the estimate "
            "corrected for its errors (as <code>jobclass prevalence</code> gives it) follows in brackets, and the "
            "chart draws it with its 95% interval.</p>"
        )
    parts.append("</body></html>")
    return "\n".join(part for part in parts if part)


__all__ = ["render_profile"]
