"""Every page of pages/ is in the menu, under its own file name."""

from __future__ import annotations

import tomllib
from pathlib import Path

from prospects.ui.navigation import PAGES
from tests.conftest import ROOT


def test_every_page_file_is_registered_once():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    assert sorted(spec.file for spec in PAGES) == files


def test_url_paths_are_the_file_names():
    # A link opened first on a fresh server is resolved from the pages/ folder by file name.
    for spec in PAGES:
        assert spec.key == Path(spec.file).stem
    assert sum(spec.default for spec in PAGES) == 1


def test_no_private_streamlit_api_anywhere():
    """No `streamlit.runtime` internals (PagesManager and the like): configuration and public calls only."""
    sources = [ROOT / "app.py", *(ROOT / "prospects").rglob("*.py"), *(ROOT / "pages").glob("*.py"),
               *(ROOT / "bench").glob("*.py"), *(ROOT / "tests").rglob("*.py")]
    offenders = [
        str(path.relative_to(ROOT)) for path in sources
        if path.name != "test_navigation.py"
        and ("streamlit.runtime" in path.read_text(encoding="utf-8") or "PagesManager" in path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_streamlit_does_not_draw_a_menu_of_its_own():
    # The pages/ folder's menu of file names would show during a fresh server's first run.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showSidebarNavigation"] is False
