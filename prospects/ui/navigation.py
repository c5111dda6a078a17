"""The pages of the app, in menu order: the one list `st.navigation` is built from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class PageSpec:
    """A page of the menu. Its URL path is its file's name: Streamlit serves the first request of a
    fresh server from the pages/ folder by file name, before app.py has declared the navigation."""

    key: str  # also the URL path
    file: str  # relative to the repository root
    title_key: str  # catalog key of the menu title
    icon: str
    default: bool = False
    hidden: bool = False  # reached by links and buttons only, not from the menu
    managers_only: bool = False  # not in a rep's navigation at all


PAGES: tuple[PageSpec, ...] = (
    PageSpec("prospects", "pages/prospects.py", "list.nav", ":material/groups:", default=True),
    PageSpec("prospect", "pages/prospect.py", "record.nav", ":material/person:", hidden=True),
    PageSpec("board", "pages/board.py", "board.nav", ":material/view_kanban:"),
    PageSpec("dashboard", "pages/dashboard.py", "dashboard.nav", ":material/insights:"),
    PageSpec("agenda", "pages/agenda.py", "agenda.nav", ":material/event_note:"),
    PageSpec("contacts", "pages/contacts.py", "contacts.nav", ":material/contacts:"),
    PageSpec("import", "pages/import.py", "import.nav", ":material/upload_file:"),
    PageSpec("audit", "pages/audit.py", "audit.nav", ":material/policy:", managers_only=True),
    # Settings stays last in the menu.
    PageSpec("settings", "pages/settings.py", "nav.settings", ":material/settings:", managers_only=True),
)


def page_file(key: str) -> str:
    """The script of a page, for `st.switch_page`."""
    for spec in PAGES:
        if spec.key == key:
            return spec.file
    raise KeyError(key)


def has_page(key: str) -> bool:
    return any(spec.key == key for spec in PAGES)
