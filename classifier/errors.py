"""Exceptions that carry a one-line message meant for the user."""

from __future__ import annotations


class JobclassError(Exception):
    """Bad input: a file, column, row or value the user can fix. The message is one line."""

    exit_code = 1


class ModelError(JobclassError):
    """A model file that cannot be loaded: missing, foreign, corrupt, unsafe or incompatible."""
