"""Where the database is: `--db`, else `PROSPECTS_DB`, else `data/prospects.duckdb`."""

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
