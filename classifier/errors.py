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


#: Notes already given in this run: a note about a file is said once, not once per chunk.
_NOTED: set[str] = set()


def note(message: str) -> None:
    """Tell the user, once, something about how their input was read (a separator found, a column chosen).

    Notes go to the ``jobclass`` logger; the command line prints them on stderr as ``note: ...``.
    """
    if message in _NOTED:
        return
    _NOTED.add(message)
    import logging

    logging.getLogger("jobclass").warning(message)


def forget_notes() -> None:
    """Start a new run: notes given before may be given again."""
    _NOTED.clear()


class Terminated(KeyboardInterrupt):
    """The run was asked to stop by SIGTERM (a scheduler, ``kill``); unwinds like Ctrl-C, exits 143."""

    exit_code = 143


def memory_limit() -> int | None:
    """The memory this process may use, in bytes, when a limit is set: ``ulimit -v`` (RLIMIT_AS) or the
    control group's ``memory.max``; None when neither is set."""
    limits = []
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft not in (resource.RLIM_INFINITY, -1):
            limits.append(int(soft))
    except (ImportError, OSError, ValueError):
        pass
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as handle:
            text = handle.read().strip()
        if text.isdigit():
            limits.append(int(text))
    except OSError:
        pass
    return min(limits) if limits else None


def out_of_memory_reason() -> str:
    """'out of memory (this process may use at most N MB)', or plain 'out of memory'."""
    limit = memory_limit()
    return "out of memory" + (f" (this process may use at most {limit / 1e6:,.0f} MB)" if limit else "")


def memory_in_use() -> int | None:
    """The address space this process holds, in bytes (what ``ulimit -v`` limits), when it can be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
