"""AppTest fixtures: the real app.py frame on a temporary database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """`app(page="pages/x.py", query={"id": "3"})` runs app.py on the test database, on that page."""
    monkeypatch.setenv("PROSPECTS_DB", str(db_path))

    def make(page: str | None = None, query: dict[str, str] | None = None, timeout: float = 30) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return make
