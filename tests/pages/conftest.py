"""AppTest fixtures: the real app.py frame on a temporary database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


class FramedPagesManager(PagesManager):
    """Run every AppTest rerun through app.py's st.navigation, as the real server does.

    AppTest resets `uses_pages_directory` before each run; with a `pages/` folder the reruns
    would otherwise go to Streamlit's folder mode, which runs a page file without app.py.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture
def app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """`app(page="pages/x.py", query={"id": "3"})` runs app.py on the test database, on that page."""
    monkeypatch.setenv("PROSPECTS_DB", str(db_path))
    monkeypatch.setattr(app_test_module, "PagesManager", FramedPagesManager)

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
