"""The README and docs/: generated parts current, examples that run as written, numbers that match the code."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_postings

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"
#: Pages other branches add; the README links them before they exist here.
PAGES_TO_COME = {"docs/serving.md", "docs/errors.md", "docs/prevalence.md", "docs/facts.md"}
#: The lines CI runs (.ci/run), which the README must show exactly.
CI_LINES = ("pip install '.[serve]' && jobclass classify data/sample_postings.csv", "pip install '.[test]' && pytest")
#: A fenced block right after this comment is run by the tests, in order, in one folder per page.
RUN_MARK = "<!-- test: run -->"
_RUN_BLOCK = re.compile(re.escape(RUN_MARK) + r"\n```(?P<language>\w+)\n(?P<code>.*?)```", re.S)
_GENERATED = re.compile(r"<!-- BEGIN GENERATED: (?P<name>[a-z0-9-]+) -->\n.*?<!-- END GENERATED: (?P=name) -->", re.S)
_DATE = re.compile(
    r"\b20\d\d-[01]\d-[0-3]\d\b|\b(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December) 20\d\d\b"
)


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _hand_written(text: str) -> str:
    """TEXT without its generated blocks, white space collapsed."""
    return " ".join(_GENERATED.sub(" ", text).split())


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


# --- generated parts ----------------------------------------------------------------------------------------------


def test_generated_parts_are_current():
    stale = _generator().stale_parts()
    assert not stale, "\n".join(map(str, stale))


def test_a_stale_cli_reference_is_reported(tmp_path, monkeypatch):
    generate = _generator()
    page = tmp_path / "cli-reference.md"
    page.write_text(generate.cli_reference().replace("Show this message and exit.", "Old help."), encoding="utf-8")
    monkeypatch.setattr(generate, "CLI_REFERENCE", page)
    monkeypatch.setattr(generate, "PAGES", ())
    assert [part.part for part in generate.stale_parts()] == ["the whole page"]
    assert generate.main(["--check"]) == 1


def test_a_stale_generated_block_is_named(tmp_path, monkeypatch):
    generate = _generator()
    page = tmp_path / "page.md"
    page.write_text("x\n<!-- BEGIN GENERATED: taxonomy-counts -->\nold\n<!-- END GENERATED: taxonomy-counts -->\n")
    monkeypatch.setattr(generate, "ROOT", tmp_path)
    monkeypatch.setattr(generate, "CLI_REFERENCE", tmp_path / "cli.md")
    (tmp_path / "cli.md").write_text(generate.cli_reference(), encoding="utf-8")
    monkeypatch.setattr(generate, "PAGES", (page,))
    assert [str(part) for part in generate.stale_parts()] == [
        "page.md: block 'taxonomy-counts' is stale (run: python docs/generate.py)"
    ]
    generate.main([])
    assert generate.stale_parts() == []
    assert "entries" in page.read_text()


def test_the_cli_reference_has_every_command_and_no_hidden_option():
    from classifier.cli import main

    page = _read(DOCS / "cli-reference.md")
    for name, command in main.commands.items():
        assert f"## jobclass {name}\n" in page
        for parameter in command.params:
            if getattr(parameter, "hidden", False):
                assert all(f"{option} " not in page for option in parameter.opts), parameter.opts


# --- the README's shape -------------------------------------------------------------------------------------------


def test_the_readme_is_a_short_front_door():
    lines = _read(README).splitlines()
    assert len(lines) <= 300
    dated = [line for line in lines if _DATE.search(line)]
    assert len(dated) <= 3, dated
    for line in CI_LINES:
        assert line in lines, line
        assert line in _read(REPO / ".ci" / "run").splitlines()


def test_the_four_first_examples_are_run_and_sit_in_the_first_120_lines():
    text = _read(README)
    firsts = {}
    for block in _RUN_BLOCK.finditer(text):
        line = text.count("\n", 0, block.start()) + 1
        for example in ("jobclass classify", "jobclass train", "from classifier import", "jobclass explain"):
            if example in block["code"]:
                firsts.setdefault(example, line)
    assert set(firsts) == {"jobclass classify", "jobclass train", "from classifier import", "jobclass explain"}
    assert max(firsts.values()) <= 120, firsts


def test_the_readme_explains_the_posting_its_generated_output_is_for():
    explain = [block["code"] for block in _RUN_BLOCK.finditer(_read(README)) if "jobclass explain" in block["code"]]
    assert _generator().EXPLAIN_EXAMPLE in explain[0]


# --- examples that run as written ---------------------------------------------------------------------------------


def _run_blocks(page: Path, folder: Path) -> int:
    """Run every marked block of PAGE in FOLDER, in order; return how many ran."""
    shutil.copytree(REPO / "data", folder / "data")
    make_postings(per_label=6).to_csv(folder / "postings.csv", index=False)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    blocks = list(_RUN_BLOCK.finditer(_read(page)))
    for block in blocks:
        code = block["code"]
        if block["language"] == "python":
            command = [sys.executable, "-c", code]
        else:
            assert block["language"] == "bash", block["language"]
            command = ["bash", "-euo", "pipefail", "-c", code]
        result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{page.name} block:\n{code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return len(blocks)


def test_the_readme_examples_run_as_written(tmp_path):
    assert _run_blocks(README, tmp_path) >= 4
    assert (tmp_path / "labelled.csv").exists() and (tmp_path / "my-model.joblib").exists()
    assert len((tmp_path / "my-labels.csv").read_text().splitlines()) == 1 + 18


def test_the_python_api_examples_run_as_written(tmp_path):
    assert _run_blocks(DOCS / "python-api.md", tmp_path) >= 5


# --- links and numbers --------------------------------------------------------------------------------------------


def test_links_between_pages_resolve():
    missing = []
    for page in _pages():
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", _read(page)):
            if "://" in target:
                continue
            resolved = (page.parent / target).resolve()
            if not resolved.exists() and str(resolved.relative_to(REPO)) not in PAGES_TO_COME:
                missing.append(f"{page.name}: {target}")
    assert not missing
    readme = _read(README)
    for page in PAGES_TO_COME | {f"docs/{path.name}" for path in DOCS.glob("*.md")}:
        assert f"]({page})" in readme, f"the README does not link {page}"


def test_the_label_set_is_stated_as_the_code_has_it():
    from classifier.config import LABELS

    labels = re.compile(r"\*\*(\w+)\*\*, \*\*(\w+)\*\* or \*\*(\w+)\*\*")
    assert labels.search(_hand_written(_read(README))).groups() == LABELS
    assert labels.search(_hand_written(_read(DOCS / "labelling-guide.md"))).groups() == LABELS
    ticked = re.compile(r"`(\w+)`, `(\w+)` or `(\w+)`")
    assert ticked.search(_hand_written(_read(DOCS / "model-card.md"))).groups() == LABELS


def test_taxonomy_sizes_stated_anywhere_are_the_taxonomys():
    generate = _generator()
    counts = generate.taxonomy_counts()
    from classifier.taxonomy import SKILL_KINDS

    skills = sum(counts[category] for category in SKILL_KINDS)
    allowed = {sum(counts.values()), skills, sum(counts.values()) - skills, *counts.values()}
    for page in _pages():
        for number in re.findall(r"(\d[\d,]*) (?:taxonomy )?entries", _hand_written(_read(page))):
            assert int(number.replace(",", "")) in allowed, f"{page.name}: {number} entries"
        for number in re.findall(r"of the (\d[\d,]*) skills", _hand_written(_read(page))):
            assert int(number.replace(",", "")) == skills, f"{page.name}: {number} skills"


def test_the_taxonomy_page_names_every_category():
    from classifier.taxonomy import CONTEXT_KINDS, SKILL_KINDS

    kinds = _hand_written(_read(DOCS / "taxonomy.md")).split("## Kinds", 1)[1].split("##", 1)[0]
    skills, context = kinds.split("**Context**", 1)
    assert re.findall(r"`(\w+)`", skills.split("**Skills**", 1)[1]) == list(SKILL_KINDS)
    assert re.findall(r"`(\w+)`", context.split("`--kind all`")[0]) == list(CONTEXT_KINDS)


def _option_default(command: str, option: str):
    from classifier.cli import main

    for parameter in main.commands[command].params:
        if option in parameter.opts:
            return parameter.default
    raise AssertionError(f"jobclass {command} has no {option}")


def test_numbers_and_defaults_stated_about_the_code_match_it():
    from classifier import config, model, postings

    stated = [
        (README, r"Each label needs at least (\d+) postings", model.MIN_POSTINGS_PER_LABEL),
        (DOCS / "design.md", r"a label with fewer than (\d+) postings", model.MIN_POSTINGS_PER_LABEL),
        (DOCS / "design.md", r"each row scaled to unit length, then by ([\d.]+)", model.DEFAULT_SKILL_WEIGHT),
        (DOCS / "design.md", r"postings of at least (\w+) sources do", model.DEFAULT_MIN_SOURCES),
        (DOCS / "design.md", r"at most ([\d,]+) are kept", model.DEFAULT_MAX_TERMS),
        (DOCS / "design.md", r"`length_exponent` \(([\d.]+)\)", model.DEFAULT_LENGTH_EXPONENT),
        (DOCS / "design.md", r"within (\d+) % of the raw", model.BRIER_TOLERANCE * 100),
        (DOCS / "design.md", r"`--chunk-size`, default (\d+)", postings.DEFAULT_CHUNK_SIZE),
        (DOCS / "design.md", r"`--chunk-size`, default (\d+)", _option_default("classify", "--chunk-size")),
        (DOCS / "design.md", r"`--class-weight`, default `(\w+)`", config.DEFAULT_CLASS_WEIGHT),
        (DOCS / "design.md", r"`--class-weight`, default `(\w+)`", _option_default("train", "--class-weight")),
        (DOCS / "design.md", r"`--method`, default `(\w+)`", config.DEFAULT_PREVALENCE_METHOD),
        (DOCS / "design.md", r"`--method`, default `(\w+)`", _option_default("prevalence", "--method")),
    ]
    words = {"five": 5}
    for page, pattern, expected in stated:
        found = re.search(pattern, _hand_written(_read(page)))
        assert found, f"{page.name}: {pattern!r} not found"
        value = found.group(1).replace(",", "")
        value = words.get(value, value)
        if isinstance(expected, str):
            assert value == expected, (page.name, pattern)
        else:
            assert float(value) == pytest.approx(float(expected)), (page.name, pattern)
