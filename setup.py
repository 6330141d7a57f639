"""Build the optional compiled cleaner and matcher; everything else is in pyproject.toml.

Without a C compiler the build skips the extension (optional=True) and jobclass
runs its pure-Python matcher, which gives the same results more slowly.
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

# The module records the digest of the source it was built from, so a test can tell a stale build
# (a failed rebuild leaves the old one in place, and the optional build fails quietly).
SOURCE = Path(__file__).resolve().parent / "classifier" / "_native.c"
DIGEST = hashlib.sha256(SOURCE.read_bytes()).hexdigest() if SOURCE.exists() else "unknown"

setup(
    ext_modules=[
        Extension(
            "classifier._native",
            ["classifier/_native.c"],
            optional=True,
            extra_compile_args=["-O2"],
            define_macros=[("NATIVE_SOURCE_SHA256", f'"{DIGEST}"')],
        ),
    ]
)
