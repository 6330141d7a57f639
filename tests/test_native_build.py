"""The compiled matcher is built where it can be, and built from the source beside it."""

from __future__ import annotations

import hashlib
import shutil
import sysconfig
from pathlib import Path

import pytest

import classifier
from classifier import skills

SOURCE = Path(classifier.__file__).resolve().parent / "_native.c"


def _compiler() -> str | None:
    command = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(command)


@pytest.mark.skipif(_compiler() is None, reason="no C compiler here: jobclass runs its pure-Python matcher")
def test_the_extension_was_built_where_a_compiler_is():
    # the build is optional and fails quietly (a warning in pip's log); with a compiler it must not fail
    assert skills._native is not None, "classifier._native failed to build; run pip install -v . to see why"


@pytest.mark.skipif(skills._native is None, reason="classifier._native was not built")
@pytest.mark.skipif(not SOURCE.exists(), reason="the C source is not installed beside the package")
def test_the_extension_is_built_from_the_source_beside_it():
    # an editable install keeps the last good build when a rebuild fails: a stale matcher
    built = getattr(skills._native, "SOURCE_SHA256", "unknown")
    assert built == hashlib.sha256(SOURCE.read_bytes()).hexdigest(), (
        "classifier._native was built from another version of _native.c; reinstall (pip install -e .)"
    )
