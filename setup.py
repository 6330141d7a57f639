"""Build the optional compiled cleaner and matcher; everything else is in pyproject.toml.

Without a C compiler the build skips the extension (optional=True) and jobclass
runs its pure-Python matcher, which gives the same results more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("classifier._native", ["classifier/_native.c"], optional=True, extra_compile_args=["-O2"]),
    ]
)
