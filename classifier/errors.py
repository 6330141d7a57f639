"""Exceptions that carry a one-line message meant for the user."""

from __future__ import annotations


class JobclassError(Exception):
    """Bad input: a file, column, row or value the user can fix. The message is one line."""

    exit_code = 1


class ModelError(JobclassError):
    """A model file that cannot be loaded: missing, foreign, corrupt, unsafe or incompatible."""


def os_error_reason(error: OSError) -> str:
    """Why an operating-system call failed, in a few words (the disk filling up is named as such)."""
    import errno

    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full (or the quota is used up)"
    if error.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return error.strerror or str(error) or type(error).__name__
