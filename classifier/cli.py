"""The ``jobclass`` command line: a thin layer over the library (heavy imports happen inside commands)."""

from __future__ import annotations

import functools
import json
import logging
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from classifier import __version__
from classifier.config import (
    CLASS_WEIGHTS,
    DEFAULT_CLASS_WEIGHT,
    DEFAULT_PREVALENCE_METHOD,
    DRIFT_THRESHOLDS,
    PREVALENCE_METHODS,
)
from classifier.errors import JobclassError, os_error_reason

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line on stderr and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _exit_cleanly_on_sigterm()
        _print_notes()
        try:
            return command(*args, **kwargs)
        except JobclassError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt as error:
            _ignore_stop_signals()  # a second Ctrl-C while exiting must not kill the process by the signal
            click.echo("Interrupted; no partial output file was left behind.", err=True)
            sys.exit(getattr(error, "exit_code", 130))
        except BrokenPipeError:
            sys.exit(0)
        except MemoryError:
            from classifier.errors import out_of_memory_reason

            raise click.ClickException(f"{out_of_memory_reason()}; try a smaller --chunk-size or --jobs 1") from None
        except OSError as error:
            raise click.ClickException(_os_error_line(error)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as error:  # a bug: still one line (JOBCLASS_DEBUG=1 shows the traceback)
            import os

            if os.environ.get("JOBCLASS_DEBUG"):
                raise
            detail = str(error).splitlines()[0] if str(error) else ""
            raise click.ClickException(
                f"unexpected {type(error).__name__}{': ' + detail if detail else ''} "
                "(a bug in jobclass; JOBCLASS_DEBUG=1 shows where)"
            ) from None

    return wrapper


def _ignore_stop_signals() -> None:
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except ValueError:  # not in the main thread
        pass


def _count(number: int, noun: str) -> str:
    """'1 posting', '2 postings'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _os_error_line(error: OSError) -> str:
    """One line for an operating-system error: the disk filling up, a permission, a missing file."""
    import errno

    where = f"{error.filename}: " if getattr(error, "filename", None) else ""
    full = error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
    return f"{where}{os_error_reason(error)}" + ("; nothing was written" if full else "")


class _NoteHandler(logging.Handler):
    """Notes of the library (how a file was read, which column was used) as ``note: ...`` on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"note: {record.getMessage()}", err=True)


def _print_notes() -> None:
    from classifier.errors import forget_notes

    forget_notes()
    logger = logging.getLogger("jobclass")
    if not any(isinstance(handler, _NoteHandler) for handler in logger.handlers):
        logger.addHandler(_NoteHandler())
        logger.propagate = False


def _exit_cleanly_on_sigterm() -> None:
    """Let a killed run (SIGTERM) unwind like Ctrl-C, so temporary output files are removed; exit 143."""
    import os
    import signal

    from classifier.errors import Terminated

    installed_by = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() != installed_by:  # a forked child (a worker before it set its own): no unwinding
            os._exit(143)
        raise Terminated

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not in the main thread (e.g. inside a test runner's worker)
        pass


class Number(click.ParamType):
    """A finite number in a range, for every numeric option: NaN, infinity and values out of range are
    refused when the command line is parsed (exit 2, naming the option)."""

    name = "number"

    def __init__(
        self,
        minimum: float | None = None,
        maximum: float | None = None,
        *,
        min_open: bool = False,
        max_open: bool = False,
    ) -> None:
        self.minimum, self.maximum, self.min_open, self.max_open = minimum, maximum, min_open, max_open

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        below = self.minimum is not None and (number <= self.minimum if self.min_open else number < self.minimum)
        above = self.maximum is not None and (number >= self.maximum if self.max_open else number > self.maximum)
        if below or above:
            self.fail(f"{value!r} is not {self.describe()}", param, ctx)
        return number

    def describe(self) -> str:
        low = f"{'above' if self.min_open else 'at least'} {self.minimum:g}" if self.minimum is not None else ""
        high = f"{'below' if self.max_open else 'at most'} {self.maximum:g}" if self.maximum is not None else ""
        return " and ".join(part for part in (low, high) if part) or "a number"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "NUMBER"


class Separator(click.ParamType):
    """--sep: one character, or its name (comma, semicolon, tab, pipe); '\\t' is a tab too."""

    name = "separator"
    NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = self.NAMES.get(str(value).lower(), str(value))
        if len(text) != 1 or text in '"\r\n' or text.isalnum():
            self.fail(f"{value!r}: give one character (or comma, semicolon, tab, pipe)", param, ctx)
        return text


def _sep_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--sep",
        type=Separator(),
        default=None,
        help="CSV field separator: a character or comma, semicolon, tab, pipe (default: what the header shows).",
    )(command)


def _model_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--model",
        "-m",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Model file (default: the model shipped with jobclass).",
    )(command)


def _text_column_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--text-column",
        default=None,
        help="Column with the posting text (default: found by name: description, text, ...).",
    )(command)


def _labelling_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Where labels come from: a label column, or titles read by the title rules."""
    command = click.option(
        "--title-rules",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Your own title rules (TOML) instead of the built-in ones.",
    )(command)
    command = click.option(
        "--label-column", default=None, help="Column with labels; used instead of titles when present."
    )(command)
    return click.option(
        "--title-column", default=None, help="Column with job titles to derive labels from (default: title)."
    )(command)


def _labels_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--labels a,b``: two or more distinct label names, as a tuple (None when not given)."""
    return click.option(
        "--labels",
        "labels",
        callback=lambda context, parameter, value: _parse_labels(value),
        default=None,
        metavar="LABEL,LABEL",
        help=help_text,
    )


def _taxonomy_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--taxonomy",
        "taxonomy",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Your own skills file (TOML), merged over the built-in taxonomy. Repeatable.",
    )(command)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="jobclass")
def main() -> None:
    """Extract skills from job postings and label each posting data_science,
    ml_engineering or other.

    \b
    Examples:
      jobclass classify data/sample_postings.csv
      jobclass skills "We deploy PyTorch models with Docker on AWS SageMaker."
      jobclass train postings.csv.gz --model models/my-model.joblib
      jobclass profile postings.csv --output profile/     # what each role asks for, report.html
    """


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("postings", nargs=-1, required=True)
@click.option(
    "--model",
    "-m",
    "model_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the trained model (.joblib).",
)
@_labels_option(
    "Learn these labels only (e.g. data_science,ml_engineering); the postings of others are left out. "
    "Default: every label (data_science, ml_engineering and other)."
)
@click.option("--include-other", is_flag=True, hidden=True, help="Kept for old scripts: 'other' is learned by default.")
@click.option(
    "--read-labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="CSV of source, id (or id_sha256, its digest), label: labels read from the descriptions, used instead "
    "of the titles' (the shipped model used data/read_labels.csv).",
)
@_text_column_option
@_labelling_options
@_taxonomy_option
@click.option(
    "--c",
    "C",
    type=Number(0, min_open=True),
    default=10.0,
    show_default=True,
    help="Inverse regularisation strength of the logistic regression.",
)
@click.option(
    "--validate",
    type=click.Choice(["folds", "source"]),
    default="folds",
    show_default=True,
    help="'source': also hold each source out in turn (train on the others) and print a table per source.",
)
@click.option("--skills-only", is_flag=True, help="Learn from taxonomy skills alone, without word features.")
@click.option(
    "--mask-role-names",
    is_flag=True,
    help="Blank the role names (data scientist, ML engineer, ...) in the training text: learn from the work alone.",
)
@click.option(
    "--class-weight",
    type=click.Choice(CLASS_WEIGHTS),
    default=DEFAULT_CLASS_WEIGHT,
    show_default=True,
    help="Weight labels by largest/size (balanced), by its square root (sqrt), or not at all.",
)
@click.option(
    "--calibration",
    type=click.Choice(["auto", "none", "sigmoid", "isotonic"]),
    default="auto",
    show_default=True,
    help="Probability calibration; auto: the lowest cross-validated calibration error (ECE) among the "
    "methods that keep the Brier score within 5 % of the raw probabilities'. Except with none, short "
    "postings' confidence is also tempered by how much they say (learned on windows of the postings).",
)
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@click.option(
    "--jobs", "-j", type=int, default=1, show_default=True, help="Processes for cross-validation (-1: all cores)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="'dask': run the cross-validation folds on a Dask cluster (joblib's dask backend).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: the scheduler address. Default: a local cluster on 127.0.0.1.",
)
@_friendly_errors
def train(
    postings: tuple[str, ...],
    model_path: Path,
    labels: tuple[str, ...] | None,
    include_other: bool,
    read_labels: Path | None,
    text_column: str | None,
    title_column: str | None,
    label_column: str | None,
    title_rules: Path | None,
    taxonomy: tuple[Path, ...],
    C: float,
    validate: str,
    skills_only: bool,
    mask_role_names: bool,
    class_weight: str,
    calibration: str,
    folds: int,
    jobs: int,
    engine: str,
    scheduler: str | None,
) -> None:
    """Train a model on POSTINGS (CSV, JSONL, Parquet files, folders or globs; several
    may be given) and write it to --model.

    Labels come from a 'label' column when there is one, else from job titles
    by the title rules, replaced by --read-labels where readers labelled a
    posting from its description. Each posting keeps its source (a 'source' column, else
    the file's name). Prints rows per label and per source, the cross-validated
    macro-F1 (split by company when there is a company column), with --validate
    source a table of each source held out, and the top skills and words of
    each label.

    \b
    Examples:
      jobclass train '../shared/data/*.csv.gz' --read-labels data/read_labels.csv --model m.joblib
      jobclass train a.csv b.jsonl --model m.joblib --validate source
      jobclass train a.csv --model two.joblib --labels data_science,ml_engineering
    """
    import contextlib

    from classifier.model import top_features
    from classifier.model import train as train_model

    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    context: Any = contextlib.nullcontext()
    if engine == "dask":
        from classifier.distributed import dask_cross_validation

        context = dask_cross_validation(scheduler)
        jobs = -1
    with context:
        trained = train_model(
            list(postings),
            model_path,
            labels=labels,
            read_labels=read_labels,
            text_column=text_column,
            title_column=title_column,
            label_column=label_column,
            taxonomy=list(taxonomy) or None,
            title_rules=title_rules,
            C=C,
            class_weight=class_weight,
            calibration=calibration,
            folds=folds,
            validate=validate,
            words=not skills_only,
            mask_role_names=mask_role_names,
            n_jobs=jobs,
        )
    meta = trained.metadata
    data = meta["training_data"]
    click.echo(f"Trained on {data['rows_used']} of {data['rows_read']} postings (labels from {data['label_source']}).")
    for reason, count in data["rows_left_out"].items():
        click.echo(f"  left out {count}: {reason}")
    click.echo("Rows per label:")
    for label, count in sorted(data["rows_per_label"].items()):
        click.echo(f"  {label:<16}{count:>7}")
    labels = sorted(data["rows_per_label"])
    if data.get("rows_per_source") and len(data["rows_per_source"]) > 1:
        width = max(len(name) for name in data["rows_per_source"]) + 2
        click.echo("Rows per source:")
        click.echo("  " + "source".ljust(width) + "".join(f"{label:>16}" for label in labels))
        for name, row in data["rows_per_source"].items():
            click.echo("  " + name.ljust(width) + "".join(f"{row.get(label, 0):>16}" for label in labels))
    cv = meta["cross_validation"]
    click.echo(
        f"Cross-validated macro-F1: {cv['macro_f1']:.3f} (+/- {cv['macro_f1_fold_std']:.3f}, "
        f"{cv['folds']} folds, {cv['split']}); accuracy {cv['accuracy']:.3f}"
    )
    calibration_info = cv["calibration"]
    click.echo(
        f"Calibration: {calibration_info['method']}; expected calibration error {calibration_info['ece_before']:.3f} "
        f"before, {calibration_info['ece_after']:.3f} after (Brier {calibration_info['brier_before']:.3f} -> "
        f"{calibration_info['brier_after']:.3f})"
    )
    short_text = calibration_info.get("short_text")
    if short_text:
        low, high = short_text["window_characters"]
        click.echo(
            f"Short postings: confidence tempered by how much a posting says; on {low}-{high}-character windows "
            f"ECE {short_text['window_ece_before']:.3f} -> {short_text['window_ece_after']:.3f} "
            f"(Brier {short_text['window_brier_before']:.3f} -> {short_text['window_brier_after']:.3f}); "
            f"whole postings ECE {short_text['ece_after']:.3f}"
        )
    by_source = meta.get("source_validation")
    if by_source:
        click.echo(
            f"Leave-one-source-out macro-F1: {by_source['macro_f1']:.3f}, accuracy {by_source['accuracy']:.3f} "
            f"({by_source['sources']} sources; each scored by a model trained on the others)"
        )
        width = max(len(name) for name in by_source["per_source"]) + 2
        click.echo("  " + "held out".ljust(width) + f"{'postings':>9}{'macro-F1':>10}{'accuracy':>10}  labels")
        for name, row in by_source["per_source"].items():
            click.echo(
                "  "
                + name.ljust(width)
                + f"{row['postings']:>9}{row['macro_f1']:>10.3f}{row['accuracy']:>10.3f}  "
                + ", ".join(row["labels_present"])
            )
    for kind, title in (("skill", "Top skills per label:"), ("word", "Top words per label:")):
        tops = top_features(trained.pipeline, n=8, kind=kind)
        if any(tops.values()):
            click.echo(title)
            for label, features in tops.items():
                click.echo(f"  {label}: " + ", ".join(name for name, _ in features))
    click.echo(f"Model written to {model_path}")


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path, allow_dash=True))
@_model_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Write results here; the format follows the suffix (.csv, .jsonl, .parquet). Default: a table on "
    "stdout. With --engine dask: a folder.",
)
@_text_column_option
@click.option(
    "--id-column", default=None, help="Column to copy as the id (default: 'id' if present, else the row number)."
)
@click.option(
    "--encoding", default=None, help="Input encoding (default: detected; UTF-8, UTF-16 with BOM, Windows-1252)."
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Postings read and classified at a time (bounds memory).",
)
@click.option(
    "--explain",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Add the N skills and words that pushed each decision most, with signed contributions.",
)
@click.option(
    "--min-confidence",
    type=Number(0, 1),
    default=None,
    help="Below this probability the label is 'uncertain' (probabilities still shown).",
)
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=0,
    show_default="all cores",
    help="Processes to classify with (0: all cores). Results are identical to --jobs 1.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="'dask': run on a Dask cluster; INPUT may be a glob, --output is a folder of part files.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: the scheduler (e.g. tcp://10.0.0.5:8786). Default: a local cluster on 127.0.0.1.",
)
@click.option(
    "--part-format",
    type=click.Choice(["csv", "jsonl", "parquet"]),
    default="csv",
    show_default=True,
    help="With --engine dask: the format of the part files.",
)
@click.option(
    "--prior",
    metavar="auto|METHOD|LABEL=SHARE,...",
    default=None,
    help="Adjust the probabilities to a label mix: 'auto' estimates this file's mix first (a first pass; "
    "see 'jobclass prevalence'), or give it, e.g. data_science=0.3,ml_engineering=0.3,other=0.4. "
    "Default: the mix the model learned.",
)
@click.option(
    "--facts",
    is_flag=True,
    help="Add what each posting states: salary_min, salary_max, salary_currency, salary_period, education_level, "
    "experience_min_years, seniority, work_arrangement.",
)
@_labels_option(
    "Choose among these labels only, e.g. data_science,ml_engineering: their probabilities renormalised "
    "(a three-label model asked which of the two roles a posting is). Default: every label of the model."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr.")
@_sep_option
@_friendly_errors
def classify(
    input_path: Path,
    model: Path | None,
    output: Path | None,
    text_column: str | None,
    id_column: str | None,
    encoding: str | None,
    chunk_size: int,
    explain: int,
    min_confidence: float | None,
    jobs: int,
    engine: str,
    scheduler: str | None,
    part_format: str,
    prior: str | None,
    facts: bool,
    labels: tuple[str, ...] | None,
    quiet: bool,
    sep: str | None,
) -> None:
    """Label every posting in INPUT: CSV (.csv, .csv.gz), JSONL, Parquet, a .txt
    file (one posting), a folder of .txt files, or - for stdin.

    Output has one row per input row, in input order: id, label, confidence,
    p_<label> for each label, the matched skills, and a status saying why a
    row has no label (empty text, no known skill, malformed row).

    \b
    Examples:
      jobclass classify data/sample_postings.csv
      jobclass classify postings.jsonl --output labelled.csv --explain 3
      jobclass classify big.csv.gz --output labelled.parquet --jobs 4 --chunk-size 5000
      cat posting.txt | jobclass classify -
      jobclass classify feed.csv --prior auto -o labelled.csv
      jobclass classify feed.csv --labels data_science,ml_engineering
      jobclass classify 'feeds/*.csv.gz' --engine dask --scheduler tcp://10.0.0.5:8786 -o labelled/
    """
    parsed_prior = _parse_prior(prior)
    if labels is not None and prior is not None:
        raise click.UsageError("--prior and --labels cannot be combined yet (the prior is a mix of every label)")
    if engine == "dask":
        if prior is not None or facts or labels is not None or sep is not None:
            raise click.UsageError(
                "--prior, --facts, --labels and --sep go with the local engine (not yet with --engine dask)"
            )
        if output is None:
            raise click.UsageError("--engine dask needs --output FOLDER for the part files")
        from classifier.distributed import classify_with_dask

        report = classify_with_dask(
            str(input_path),
            output,
            model=model,
            scheduler=scheduler,
            workers=jobs or None,
            part_format=part_format,
            text_column=text_column,
            id_column=id_column,
            chunk_size=chunk_size,
            encoding=encoding,
            explain=explain,
            min_confidence=min_confidence,
        )
        if not quiet:
            _print_summary(report)
        return
    if scheduler is not None:
        raise click.UsageError("--scheduler goes with --engine dask")
    from classifier.classify import classify_file

    printed = {"header": False}

    def show(frame: Any) -> None:
        _print_table(frame, header=not printed["header"])
        printed["header"] = True

    with _progress_bar(enabled=not quiet and output is not None) as on_progress:
        report = classify_file(
            input_path,
            output,
            model=model,
            text_column=text_column,
            id_column=id_column,
            chunk_size=chunk_size,
            encoding=encoding,
            sep=sep,
            explain=explain,
            min_confidence=min_confidence,
            jobs=jobs,
            on_chunk=show if output is None else None,
            on_progress=on_progress,
            prior=parsed_prior,
            facts=facts,
            labels=labels,
        )
    if not quiet:
        _print_summary(report)


def _parse_labels(value: str | None) -> tuple[str, ...] | None:
    """``--labels a,b``: two or more distinct label names."""
    if value is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    if len(names) < 2:
        raise click.BadParameter(f"name two labels or more, separated by commas; got {value!r}", param_hint="--labels")
    return names


def _parse_prior(value: str | None) -> str | dict[str, float] | None:
    """--prior: None, 'auto' or a method name, or LABEL=SHARE pairs."""
    if value is None:
        return None
    text = value.strip()
    if "=" not in text:
        return text.lower()
    shares: dict[str, float] = {}
    for part in text.split(","):
        label, equals, share = part.partition("=")
        try:
            number = float(share)
        except ValueError:
            number = float("nan")
        if not equals or not label.strip() or number != number:
            raise click.BadParameter(f"{part.strip()!r}: use LABEL=SHARE, e.g. data_science=0.3", param_hint="--prior")
        if not math.isfinite(number) or number < 0:
            raise click.BadParameter(f"{part.strip()!r}: a share is a finite number, 0 or more", param_hint="--prior")
        if label.strip() in shares:
            raise click.BadParameter(f"{label.strip()!r} is given twice", param_hint="--prior")
        shares[label.strip()] = number
    return shares


def _print_summary(report: Any) -> None:
    if getattr(report, "prior", None):
        how = "given" if report.prior_method == "given" else f"estimated from the file ({report.prior_method})"
        mix = ", ".join(f"{label} {share:.3f}" for label, share in report.prior.items())
        click.echo(f"probabilities adjusted to the label mix {how}: {mix}", err=True)
    labels = ", ".join(f"{label} {count}" for label, count in sorted(report.label_counts.items())) or "none"
    problems = {status: count for status, count in report.status_counts.items() if status != "ok"}
    line = f"{_count(report.rows, 'posting')}: {labels}"
    if problems:
        line += "; without label: " + ", ".join(f"{count} {status}" for status, count in problems.items())
    if report.output is not None:
        line += f". Written to {report.output}"
    click.echo(line, err=True)


class _progress_bar:
    """A progress bar on stderr while a long run goes on; nothing when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: Any = None
        self.done = 0

    def __enter__(self) -> Callable[[int, int], None] | None:
        return self.update if self.enabled else None

    def update(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Classifying", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(0, done - self.done))
        self.done = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _print_table(frame: Any, header: bool) -> None:
    columns = ["id", "label", "confidence", "skills"] + (["explanation"] if "explanation" in frame else []) + ["status"]
    rows = []
    for record in frame[columns].to_dict(orient="records"):
        skills = str(record["skills"])
        record["skills"] = skills if len(skills) <= 60 else skills[:57] + "..."
        record["confidence"] = "" if record["confidence"] != record["confidence"] else f"{record['confidence']:.2f}"
        rows.append({key: str(value) for key, value in record.items()})
    widths = {column: max([len(column)] + [len(row[column]) for row in rows]) for column in columns}
    widths["id"] = min(widths["id"], 24)
    if header:
        click.echo("  ".join(column.ljust(widths[column]) for column in columns).rstrip())
    for row in rows:
        click.echo("  ".join(row[column][: widths[column]].ljust(widths[column]) for column in columns).rstrip())


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("input_path", metavar="POSTINGS", type=click.Path(path_type=Path, allow_dash=True))
@_model_option
@click.option(
    "--by",
    metavar="COLUMN[:month|:year]",
    default=None,
    help="Also estimate each value of this column (e.g. source); a date column with :month or :year groups by it.",
)
@click.option(
    "--method",
    type=click.Choice([DEFAULT_PREVALENCE_METHOD] + [m for m in PREVALENCE_METHODS if m != DEFAULT_PREVALENCE_METHOD]),
    default=DEFAULT_PREVALENCE_METHOD,
    show_default=True,
    help="The adjusted method (each measured on held-out sites in docs/prevalence.md); cc is plain counting.",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="Resamples for the 95 % intervals (0: no intervals).",
)
@_text_column_option
@click.option("--encoding", default=None, help="Input encoding (default: detected).")
@click.option("--jobs", "-j", type=int, default=0, show_default="all cores", help="Processes to classify with.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_friendly_errors
def prevalence(
    input_path: Path,
    model: Path | None,
    by: str | None,
    method: str,
    bootstrap: int,
    text_column: str | None,
    encoding: str | None,
    jobs: int,
    as_json: bool,
    quiet: bool,
) -> None:
    """Estimate the share of each label in POSTINGS, with 95 % intervals.

    Counting predicted labels is biased whenever a file's mix of roles differs from the
    training mix; the adjusted estimate corrects it with what the model measured of its own
    errors on held-out sites. Plain classify-and-count is shown beside it.

    \b
    Examples:
      jobclass prevalence feed.csv
      jobclass prevalence feed.csv --by source --json
      jobclass prevalence feed.csv --by date:month
    """
    from classifier.classify import prevalence_of_file
    from classifier.prevalence import PrevalenceOptions

    with _progress_bar(enabled=not quiet) as on_progress:
        report = prevalence_of_file(
            input_path,
            model=model,
            by=by,
            options=PrevalenceOptions(method=method, bootstrap=bootstrap),
            text_column=text_column,
            encoding=encoding,
            jobs=jobs,
            on_progress=on_progress,
        )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    _print_prevalence(report)


def _print_prevalence(report: Any) -> None:
    from classifier.prevalence import METHOD_NAMES

    overall = report.overall
    left_out = f" ({report.unclassified} without a label left out)" if report.unclassified else ""
    method = METHOD_NAMES[overall.method]
    click.echo(f"{_count(overall.postings, 'posting')}{left_out}; shares by {method}, 95 % intervals")
    notes = [("all", overall.fallback)] + [(name, group.fallback) for name, group in report.groups.items()]
    for name, note in notes:
        if note:
            click.echo(f"note ({name}): {note}")
    groups = [("all", overall)] + list(report.groups.items())
    header = ["group", "postings"] if report.by else []
    header += ["label", "share", "95 % interval", "classify and count"]
    rows = []
    for name, estimate in groups:
        for label, share in estimate.shares.items():
            interval = "" if share.low != share.low else f"{share.low:.3f} - {share.high:.3f}"
            cells = [name, str(estimate.postings)] if report.by else []
            cells += [label, f"{share.share:.3f}", interval, f"{estimate.classify_and_count[label]:.3f}"]
            rows.append(cells)
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    click.echo("  ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip())
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", metavar="POSTINGS...", nargs=-1, required=True)
@_model_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write profile.json and report.html to (made if missing).",
)
@click.option(
    "--by",
    metavar="COLUMN[:month|:year]",
    default=None,
    help="Also profile each value of this column (e.g. source); month or year: the date column's months or years.",
)
@click.option(
    "--label-column",
    default=None,
    help="Take each posting's label from this column instead of the model (default: a 'label' column if present).",
)
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="Skills listed per kind.")
@_text_column_option
@click.option("--encoding", default=None, help="Input encoding (default: detected).")
@click.option("--jobs", "-j", type=int, default=0, show_default="all cores", help="Processes to classify with.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_friendly_errors
def profile(
    inputs: tuple[str, ...],
    model: Path | None,
    output: Path,
    by: str | None,
    label_column: str | None,
    top: int,
    text_column: str | None,
    encoding: str | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Compare what the roles ask for in POSTINGS: skills and tools by kind, education,
    experience, seniority, work arrangement and salary, data science beside ML engineering,
    with 95 % intervals; and common statements about the two roles (which tools each uses,
    who asks for an advanced degree, who is paid more) tested on these postings.

    Writes profile.json (the figures) and report.html (one self-contained page) into the
    --output folder. POSTINGS: files, folders, globs or - (stdin).

    \b
    Examples:
      jobclass profile postings.csv --output profile/
      jobclass profile '../shared/data/*.csv.gz' --by source --output profile/
      jobclass profile feed.jsonl --by month --output profile/
    """
    from classifier.profile import profile as build_profile
    from classifier.profile import profile_paths, write_profile

    source: Any = inputs[0] if len(inputs) == 1 else list(inputs)
    named = [path for item in inputs if item != "-" for path in _expanded(item)]
    profile_paths(output, named)
    with _progress_bar(enabled=not quiet) as on_progress:
        result = build_profile(
            source,
            model=model,
            by=by,
            label_column=label_column,
            top=top,
            text_column=text_column,
            encoding=encoding,
            jobs=jobs,
            on_progress=on_progress,
        )
    json_path, html_path = write_profile(result, output, inputs=named)
    counts = ", ".join(f"{label} {count:,}" for label, count in result.labels.items()) or "none labelled"
    click.echo(f"Profiled {_count(result.postings, 'posting')} ({counts}); labelled by {result.labelled_by}")
    click.echo(f"Wrote {json_path} and {html_path}")


def _expanded(item: str) -> list[Path]:
    from classifier.postings import expand_inputs

    path = Path(item)
    return [path] if path.is_dir() else expand_inputs(item)


_KIND_HELP = (
    "Which kinds to report: skill (languages, libraries, platforms, tools, methods), context (industries, "
    "business functions, spoken languages, fields of study, credentials), all, or category names; repeatable."
)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("text_or_file")
@_taxonomy_option
@click.option("--kind", "kinds", multiple=True, default=("skill",), show_default=True, help=_KIND_HELP)
@click.option(
    "--sections",
    "with_sections",
    is_flag=True,
    help="Also say where each match stands: its section, required or preferred, and negated ('no Java needed').",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per match) instead of a table.")
@_friendly_errors
def skills(
    text_or_file: str, taxonomy: tuple[Path, ...], kinds: tuple[str, ...], with_sections: bool, as_json: bool
) -> None:
    """Print the skills found in TEXT_OR_FILE (a posting's text, a file, or - for stdin),
    with category and character offsets (and, with --json, ESCO and O*NET codes). A skill inside a
    role name ("Senior Java Developer") names the job and is left out.

    \b
    Examples:
      jobclass skills "Python3, sklearn and k8s on GCP; A/B testing in R"
      jobclass skills posting.txt --json
      jobclass skills posting.txt --kind context       # industries, degrees, languages spoken...
      jobclass skills posting.txt --sections           # requirements, nice to have, benefits...
    """
    from classifier.skills import get_matcher
    from classifier.taxonomy import resolve_kinds

    chosen = resolve_kinds(",".join(kinds))
    text = _read_text_argument(text_or_file)
    matches = get_matcher(list(taxonomy) or None).find(text, chosen)
    placed = None
    if with_sections:
        from classifier.sections import place

        placed = place(text, matches)
    if as_json:
        for item in placed if placed is not None else matches:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        return
    if not matches:
        click.echo("No known skill found.", err=True)
        return
    width = max(len(match.name) for match in matches)
    category_width = max(9, *(len(match.category) for match in matches))
    where = f"  {'section':<16} {'requirement':<11} negated" if placed is not None else ""
    click.echo(f"{'skill'.ljust(width)}  {'category':<{category_width}} {'start':>6} {'end':>6}{where}  text")
    for index, match in enumerate(matches):
        shown = " ".join(match.text.split())
        if placed is not None:
            item = placed[index]
            where = f"  {item.section:<16} {item.requirement or '':<11} {'yes' if item.negated else '':<7}"
        click.echo(
            f"{match.name.ljust(width)}  {match.category:<{category_width}} {match.start:>6} {match.end:>6}{where}  "
            f"{shown}"
        )


@main.command(context_settings=CONTEXT_SETTINGS)
@_taxonomy_option
@click.option("--kind", "kinds", multiple=True, default=("all",), show_default=True, help=_KIND_HELP)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A table to read, CSV or JSON.",
)
@_friendly_errors
def taxonomy(taxonomy: tuple[Path, ...], kinds: tuple[str, ...], output_format: str) -> None:
    """List the taxonomy: every entry's name, kind, category, aliases and standard codes
    (ESCO concept URI, O*NET commodity code and example); CSV and JSON also give the
    phrases that hold an alias without naming the skill (not_in: "job security").

    \b
    Examples:
      jobclass taxonomy
      jobclass taxonomy --kind library --format csv > libraries.csv
      jobclass taxonomy --taxonomy my_skills.toml --format json
    """
    from classifier.taxonomy import load_taxonomy, resolve_kinds

    chosen = resolve_kinds(",".join(kinds))
    loaded = load_taxonomy(list(taxonomy) or None)
    rows = [
        {
            "name": skill.name,
            "kind": skill.kind,
            "category": skill.category,
            "aliases": list(skill.aliases) + list(skill.strict),
            "esco_uri": skill.esco_uri,
            "onet_commodity_code": skill.onet_commodity_code,
            "onet_example": skill.onet_example,
            "not_in": list(skill.not_in),
        }
        for skill in loaded
        if skill.category in chosen
    ]
    if output_format == "json":
        click.echo(json.dumps({"version": loaded.version, "entries": rows}, indent=2, ensure_ascii=False))
        return
    if output_format == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["name"], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "aliases": "; ".join(row["aliases"]), "not_in": "; ".join(row["not_in"])})
        click.echo(buffer.getvalue(), nl=False)
        return
    entries = "1 entry" if len(rows) == 1 else f"{len(rows)} entries"
    click.echo(f"taxonomy {loaded.version or '(no version)'}: {entries}")
    columns = ["name", "kind", "category", "esco", "onet", "aliases"]
    table = [
        [
            row["name"],
            row["kind"],
            row["category"],
            "yes" if row["esco_uri"] else "",
            row["onet_commodity_code"] or "",
            ", ".join(row["aliases"])[:60],
        ]
        for row in rows
    ]
    widths = [max(len(columns[i]), *(len(cells[i]) for cells in table)) if table else len(columns[i]) for i in range(6)]
    click.echo("  ".join(name.ljust(width) for name, width in zip(columns, widths)).rstrip())
    for cells in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip())


_FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".csv", ".tsv", ".json", ".jsonl", ".gz", ".pdf", ".docx", ".doc")


def _looks_like_a_file_name(value: str) -> bool:
    """One word naming a file (a posting file suffix, or a folder in it): not text to read."""
    if not value or any(char.isspace() for char in value):
        return False
    return value.lower().endswith(_FILE_SUFFIXES) or value.startswith(("./", "../", "~/", "/"))


def _read_text_argument(value: str) -> str:
    """The argument itself, or the contents of the file it names, or stdin for '-'."""
    if value == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(value)
        try:
            is_file = len(value) < 4096 and "\n" not in value and path.is_file()
        except OSError:
            is_file = False
        if not is_file:
            if _looks_like_a_file_name(value):
                raise JobclassError(
                    f"{value}: no such file (to read the words themselves, put them in quotes with a space)"
                )
            return value
        try:
            data = path.read_bytes()
        except OSError as error:
            raise JobclassError(f"{path}: cannot read ({error.strerror})") from None
    from classifier.postings import decode_errors, sniff_encoding

    encoding = sniff_encoding(data[:65536])
    return data.decode(encoding, errors=decode_errors(encoding))


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("postings", type=click.Path(path_type=Path))
@_model_option
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write metrics.json and report.html into.",
)
@click.option("--group-by", default=None, help="Also score each value of this column (e.g. company, source).")
@_text_column_option
@_labelling_options
@_sep_option
@_friendly_errors
def evaluate(
    postings: Path,
    model: Path | None,
    output: Path | None,
    group_by: str | None,
    text_column: str | None,
    title_column: str | None,
    label_column: str | None,
    title_rules: Path | None,
    sep: str | None,
) -> None:
    """Measure a model on labelled POSTINGS: macro-F1, accuracy, per-label precision,
    recall and F1, the confusion matrix, and calibration (Brier score, expected
    calibration error). Labels come from a label column, else from titles.

    \b
    Examples:
      jobclass evaluate labelled.csv --output report/
      jobclass evaluate postings.csv.gz --group-by company --model models/my-model.joblib
    """
    from classifier.evaluate import evaluate as run_evaluation
    from classifier.evaluate import write_report

    result = run_evaluation(
        postings,
        model,
        text_column=text_column,
        title_column=title_column,
        label_column=label_column,
        title_rules=title_rules,
        group_by=group_by,
        sep=sep,
    )
    written = write_report(result, output) if output is not None else None  # a failed write prints one line
    metrics = result.metrics
    click.echo(f"Evaluated {_count(metrics['postings'], 'posting')} ({metrics['label_source']}).")
    for reason, count in metrics["rows_left_out"].items():
        click.echo(f"  left out {count}: {reason}")
    click.echo(
        f"macro-F1 {metrics['macro_f1']:.3f}   accuracy {metrics['accuracy']:.3f}   "
        f"Brier {metrics['brier_score']:.4f}   ECE {metrics['expected_calibration_error']:.4f}"
    )
    click.echo("")
    click.echo(f"{'label':<16}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for label, values in metrics["per_label"].items():
        click.echo(
            f"{label:<16}{values['precision']:>10.3f}{values['recall']:>8.3f}{values['f1']:>8.3f}{values['support']:>9}"
        )
    matrix = metrics["confusion_matrix"]
    click.echo("")
    click.echo("confusion matrix (rows: true, columns: predicted)")
    width = max(len(label) for label in matrix["labels"]) + 2
    click.echo(" " * width + "".join(f"{label:>{width}}" for label in matrix["labels"]))
    for label, row in zip(matrix["labels"], matrix["matrix"]):
        click.echo(f"{label:<{width}}" + "".join(f"{value:>{width}}" for value in row))
    if result.groups:
        click.echo("")
        click.echo(f"{'by ' + group_by:<30}{'postings':>9}{'macro-F1':>10}{'accuracy':>10}{'ECE':>8}")
        for name, scores in result.groups.items():
            click.echo(
                f"{name[:29]:<30}{scores['postings']:>9}{scores['macro_f1']:>10.3f}{scores['accuracy']:>10.3f}"
                f"{scores['expected_calibration_error']:>8.3f}"
            )
    if written is not None:
        metrics_path, report_path = written
        click.echo("")
        click.echo(f"Wrote {metrics_path} and {report_path}")


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("text_or_file")
@_model_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Skills and words to list.")
@click.option("--label", default=None, help="Explain this label instead of the predicted one.")
@_friendly_errors
def explain(text_or_file: str, model: Path | None, top: int, label: str | None) -> None:
    """Show why one posting (TEXT_OR_FILE: its text, a file, or - for stdin) gets its
    label: its skills highlighted in the text (green pushes towards the label, red
    away from it) and each skill's and word's signed contribution to the score.

    \b
    Examples:
      jobclass explain posting.txt
      jobclass explain "We deploy PyTorch models on Kubernetes and run A/B tests" --label data_science
    """
    from classifier.predict import Predictor

    text = _read_text_argument(text_or_file)
    if not any(char.isalpha() for char in text):
        raise JobclassError("nothing to explain: the posting has no text with letters in it")
    predictor = Predictor.load(model)
    try:
        explanation = predictor.explain(text, label=label)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--label") from None
    from classifier.passages import WHOLE_TEXT_LIMIT, highlighted_passages

    probabilities = "  ".join(f"{name} {value:.2f}" for name, value in explanation.probabilities.items())
    click.echo(click.style(f"{explanation.label}", bold=True) + f"   ({probabilities})")
    if explanation.runner_up is not None:
        lead = explanation.probabilities[explanation.label] - explanation.probabilities[explanation.runner_up]
        click.echo(f"runner-up: {explanation.runner_up}, {lead:.2f} behind")
    sign = {item.feature: item.contribution for item in explanation.contributions if item.kind == "skill"}
    passages = highlighted_passages(text, predictor._features.matcher.find(text), sign)
    click.echo("")
    if passages.summarised:
        click.echo(
            f"({len(text):,} characters; {len(passages.pieces)} passages with the skills that weigh most, "
            f"{passages.skills_found} skill mentions in all)"
        )
    for piece in passages.pieces:
        click.echo(
            "".join(click.style(part, fg=colour, bold=True) if marked else part for part, marked, colour in piece)
        )
    click.echo("")
    features_total = explanation.score - explanation.intercept
    click.echo(
        f"score for {explanation.label}: {explanation.score:+.3f} = intercept (base rate) {explanation.intercept:+.3f} "
        f"+ skills and words {features_total:+.3f}"
    )
    if explanation.runner_up is not None:
        gap = explanation.score - explanation.runner_up_score
        base_gap = explanation.intercept - explanation.runner_up_intercept
        click.echo(
            f"against {explanation.runner_up}: {gap:+.3f} = base rates {base_gap:+.3f} "
            f"+ skills and words {gap - base_gap:+.3f}"
        )
        if base_gap > 0 > gap - base_gap:
            click.echo(
                f"  the skills and words point to {explanation.runner_up}, not far enough to outweigh the base "
                f"rate of {explanation.label}"
            )
    if explanation.tempering < 0.95:
        said = f"{explanation.evidence} skills and terms"
        click.echo(
            (f"short posting ({said}): " if len(text) <= WHOLE_TEXT_LIMIT else f"the posting holds {said}; ")
            + f"probabilities tempered by {explanation.tempering:.2f} (calibrated by how much a posting says)"
        )
    if not explanation.contributions:
        click.echo("No known skill or word in this posting; the label is the model's prior.")
        return
    _contribution_table("skill or word", explanation.contributions, top)
    if explanation.runner_up is not None:
        click.echo(f"{explanation.label} (+) against {explanation.runner_up} (-):")
        _contribution_table("skill or word", explanation.against_runner_up, top)


def _contribution_table(heading: str, contributions: list[Any], top: int) -> None:
    """The ``top`` contributions with bars, and the rest summed."""
    width = max([len(heading)] + [len(item.feature) for item in contributions[:top]])
    click.echo(f"{heading.ljust(width)}  {'mentions':>8}  {'contribution':>12}")
    for item in contributions[:top]:
        bar = ("+" if item.contribution > 0 else "-") * min(20, round(abs(item.contribution) * 10))
        colour = "green" if item.contribution > 0 else "red"
        click.echo(
            f"{item.feature.ljust(width)}  {item.mentions:>8}  {item.contribution:>+12.3f}  "
            + click.style(bar, fg=colour)
        )
    rest = contributions[top:]
    if rest:
        click.echo(
            f"... and {len(rest)} more skills and words, together {sum(item.contribution for item in rest):+.3f}"
        )


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("postings", type=click.Path(path_type=Path, allow_dash=True))
@_model_option
@_text_column_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Skills to list per table.")
@click.option(
    "--label-threshold",
    type=Number(0, 1),
    default=DRIFT_THRESHOLDS["label_mix"],
    show_default=True,
    help="Warn when the predicted label mix moves by more than this (total variation distance).",
)
@click.option(
    "--skill-threshold",
    type=Number(0, 1),
    default=DRIFT_THRESHOLDS["skill_mix"],
    show_default=True,
    help="Warn when the skill-mention mix moves by more than this (total variation distance).",
)
@click.option(
    "--no-skill-threshold",
    type=Number(0, 1),
    default=DRIFT_THRESHOLDS["no_skill_share"],
    show_default=True,
    help="Warn when the share of postings with no known skill rises by more than this.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_sep_option
@_friendly_errors
def drift(
    postings: Path,
    model: Path | None,
    text_column: str | None,
    top: int,
    label_threshold: float,
    skill_threshold: float,
    no_skill_threshold: float,
    as_json: bool,
    sep: str | None,
) -> None:
    """Compare NEW_POSTINGS with the data the model was trained on: skills rising and
    falling most, skills never seen in training, the share of postings with no known
    skill, and the predicted label mix. Warns (exit code 3) when the mix has moved
    beyond the thresholds; with too few new postings to judge, it says so (exit 0).

    \b
    Examples:
      jobclass drift this_week.csv
      jobclass drift feed.jsonl --model models/my-model.joblib --label-threshold 0.05
    """
    from classifier.drift import drift as measure_drift

    report = measure_drift(
        postings,
        model,
        text_column=text_column,
        top=top,
        thresholds={"label_mix": label_threshold, "skill_mix": skill_threshold, "no_skill_share": no_skill_threshold},
        sep=sep,
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, default=float))
    else:
        click.echo(f"{report.postings} new postings against {report.training_postings} training postings")
        click.echo("")
        click.echo(f"{'label mix':<18}{'training':>10}{'new':>10}")
        for label, row in report.label_mix.iterrows():
            click.echo(f"{label:<18}{row['training']:>10.1%}{row['new']:>10.1%}")
        click.echo(f"distance {report.label_mix_distance:.3f} (threshold {report.thresholds['label_mix']:.2f})")
        click.echo(
            f"skill mix distance {report.skill_mix_distance:.3f} (threshold {report.thresholds['skill_mix']:.2f})"
        )
        click.echo(
            f"postings with no known skill: {report.no_skill_share:.1%} (training {report.training_no_skill_share:.1%})"
        )
        for title, table in (("rising most", report.rising), ("falling most", report.falling)):
            click.echo("")
            click.echo(f"{title:<34}{'training':>10}{'new':>10}")
            for row in table.itertuples():
                click.echo(f"{row.skill[:33]:<34}{row.training_share:>10.1%}{row.new_share:>10.1%}")
        if len(report.unseen):
            click.echo("")
            click.echo(
                "never seen in training: "
                + ", ".join(f"{row.skill} ({row.new_share:.1%})" for row in report.unseen.itertuples())
            )
    if report.not_judged is not None:
        click.echo(f"not judged: {report.not_judged}", err=True)
        return
    for warning in report.warnings:
        click.echo(f"WARNING: {warning}", err=True)
    if report.drifted:
        sys.exit(3)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@_model_option
@click.option(
    "--api-key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Require this key (the file's first line) as 'Authorization: Bearer KEY' or 'X-API-Key' on every route "
    "but the health checks and the page.",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Server processes.")
@click.option(
    "--max-batch-size", type=click.IntRange(min=1), default=64, show_default=True, help="Postings per model call."
)
@click.option(
    "--max-batch-wait",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Milliseconds to wait for a batch to fill.",
)
@click.option("--no-access-log", is_flag=True, help="Do not log each request (method, path, status).")
@_friendly_errors
def serve(
    host: str,
    port: int,
    model: Path | None,
    api_key_file: Path | None,
    workers: int,
    max_batch_size: int,
    max_batch_wait: float,
    no_access_log: bool,
) -> None:
    """Serve the classifier over HTTP (needs jobclass[serve]): /v1/classify, /v1/skills, the Open Inference
    Protocol v2 (/v2/models/jobclass/infer), /metrics, and a page at / to try a posting. SIGTERM finishes the
    requests in flight and exits 0.

    \b
    Examples:
      jobclass serve
      jobclass serve --port 9000 --api-key-file ~/.jobclass-key --workers 2
      curl -s localhost:8000/v1/classify --json '{"postings": [{"id": "a1", "description": "PyTorch on Kubernetes"}]}'
    """
    try:
        from classifier.serve import ServeOptions, check_options
        from classifier.serve import serve as run_server
    except ImportError as error:
        raise JobclassError(
            f"serve needs the 'serve' extra ({error.name} is missing): pip install 'jobclass[serve]'"
        ) from None
    options = ServeOptions(
        host=host,
        port=port,
        model=model,
        api_key_file=api_key_file,
        workers=workers,
        max_batch_size=max_batch_size,
        max_batch_wait_ms=max_batch_wait,
        access_log=not no_access_log,
    )
    run_server(options, check_options(options))


if __name__ == "__main__":  # pragma: no cover
    main()
