"""Read the project's editable TOML files with one-line errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from classifier.errors import JobclassError


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """The parsed file; a missing, unreadable or invalid file raises :class:`JobclassError`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise JobclassError(f"{path}: {what} file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise JobclassError(f"{path}: not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise JobclassError(f"{path}: cannot read {what} ({error})") from None
