"""Where the database is: `--db`, else `PROSPECTS_DB`, else `data/prospects.duckdb`; and where the log goes."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "prospects.duckdb"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("PROSPECTS_DB")
    if from_env:
        return Path(from_env)
    return DEFAULT_DB


def may_create_folder(path: Path) -> bool:
    """Only the app's own `data/` folder is made on first start; any other missing folder is a typo
    that must not become a new, empty base."""
    return Path(os.path.abspath(path)).parent == DEFAULT_DB.parent


def log_path() -> Path:
    """The command line's log of unexpected errors (with their traceback): the user's state folder,
    `$XDG_STATE_HOME/prospects/prospects.log`, by default `~/.local/state/prospects/prospects.log`."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "prospects" / "prospects.log"
