"""Every page of pages/ is in the menu, under its own file name."""

from __future__ import annotations

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
