"""The frame around every page: the cached store, the current user, language, errors."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from prospects.config import database_path
from prospects.domain import User
from prospects.errors import ProspectsError, ValidationError
from prospects.i18n import LANGUAGES, set_language, t
from prospects.store import Store
from prospects.ui import state

log = logging.getLogger("prospects.ui")

# Streamlit renders Markdown in messages, titles and widget labels (CommonMark, GitHub's extensions,
# directives such as :red[...], maths, emoji and icon shortcodes). User text goes through `md`.
# Characters that make Markdown anywhere in a line (links, images, directives, emphasis, code, HTML,
# maths, tables), an ampersand that would start an entity (&amp;), and those that make Markdown only
# at the start of a line (headings, quotes, lists, setext underlines).
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]<>$~|]|&(?=#?\w+;))")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.MULTILINE)
_MARKDOWN_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
# Bare URLs, e-mail addresses and shortcodes (:smile:, :material/home:, :red[...]) are found in the
# text after the escapes are read, so a backslash cannot stop them: an invisible word joiner breaks
# them instead (after the colon of "http:", "mailto:" or a shortcode, after "www" and after "@").
WORD_JOINER = "\u2060"
_MARKDOWN_SHORTCODE = re.compile(r"(:)(?=[A-Za-z_/+\-]|\d[\w+\-]*:)")
_MARKDOWN_AUTOLINK = re.compile(r"((?<![^\W_])www(?=\.)|@(?=[\w\-]))", re.IGNORECASE)


def md(text: str) -> str:
    """User text (a name, a file's header or cell, a setting, an error quoting input) made safe for
    anything Streamlit renders as Markdown: messages, titles, captions and widget labels.

    It is shown as typed, never as a link, image, colour, icon, emoji, maths, heading, list or
    HTML; ordinary punctuation is left alone, so a name like "Dupont & Fils (SARL)" reads the same
    in a test. Never use it for plain-text places (selectbox options, dataframes, st.text): the
    backslashes would show there.
    """
    text = _MARKDOWN_INLINE.sub(r"\\\1", str(text))
    text = _MARKDOWN_LINE_START.sub(r"\1\\\2", text)
    text = _MARKDOWN_NUMBERED.sub(r"\1\\\2", text)
    text = _MARKDOWN_SHORTCODE.sub(r"\1" + WORD_JOINER, text)
    return _MARKDOWN_AUTOLINK.sub(r"\1" + WORD_JOINER, text)


_in_frame: ContextVar[bool] = ContextVar("in_frame", default=False)


@contextmanager
def frame() -> Iterator[None]:
    """Mark the current run as going through app.py (the frame around every page)."""
    token = _in_frame.set(True)
    try:
        yield
    finally:
        _in_frame.reset(token)


def _ensure_frame() -> None:
    # With a pages/ folder, Streamlit serves the very first request of a fresh server
    # that goes straight to /settings (a shared link, a bookmark) with the page file
    # alone, without app.py. Switch it to st.navigation mode and run again, framed.
    # Dialog and fragment reruns run only their function, in st.navigation mode: leave them be.
    if not _in_frame.get() and PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    # Keyed by path: a cached store must never outlive a test's temporary database.
    return Store.open(path)


def store() -> Store:
    """The store of the database this app runs on (`PROSPECTS_DB` or data/prospects.duckdb)."""
    _ensure_frame()
    return _store_for(str(database_path()))


def current_user(st_store: Store | None = None) -> User:
    """The user this session acts as (chosen in the sidebar); the first active user by default."""
    st_store = st_store or store()
    users = st_store.users.list(active_only=True) or st_store.users.list()
    chosen = state.get(state.CURRENT_USER)
    for user in users:
        if user.id == chosen:
            return user
    state.put(state.CURRENT_USER, users[0].id)
    return users[0]


def current_user_id() -> int:
    return current_user().id


def apply_language(st_store: Store) -> str:
    """The session's language: chosen in the sidebar, else the one of the settings."""
    lang = state.get(state.LANGUAGE) or st_store.settings.get("language", "en")
    if lang not in LANGUAGES:
        lang = "en"
    state.put(state.LANGUAGE, lang)
    set_language(lang)
    return lang


def sidebar(st_store: Store) -> None:
    """Current user, language and the database in use."""
    users = st_store.users.list(active_only=True)
    me = current_user(st_store)
    with st.sidebar:
        ids = [u.id for u in users]
        chosen = st.selectbox(
            t("shell.current_user"),
            ids,
            index=ids.index(me.id) if me.id in ids else 0,
            format_func=lambda uid: next(f"{u.full_name} ({u.initials})" for u in users if u.id == uid),
            key="sidebar_user",
        )
        state.put(state.CURRENT_USER, chosen)
        lang = st.segmented_control(
            t("shell.language"),
            LANGUAGES,
            default=state.get(state.LANGUAGE),
            format_func=lambda code: {"en": "English", "fr": "Français"}[code],
            key="sidebar_language",
        )
        if lang and lang != state.get(state.LANGUAGE):
            state.put(state.LANGUAGE, lang)
            state.put(state.LANGUAGE_SWITCH, "pending")
            st.rerun()
        st.caption(t("shell.database", path=str(st_store.path)))


def redraw_after_language_switch() -> bool:
    """True while a language switch needs a run without the page.

    A keyed widget keeps its identity when its label and options change, and the browser keeps
    showing the option text it had ("Updated" in a French page). So a switch draws one run
    without the page, which makes the browser drop the page's widgets, then redraws the page in
    the new language; the widgets' values (codes, not texts) are kept.
    """
    if state.get(state.LANGUAGE_SWITCH) != "pending":
        state.put(state.LANGUAGE_SWITCH, None)
        return False
    state.put(state.LANGUAGE_SWITCH, "armed")

    @st.fragment(run_every=0.3)
    def redraw() -> None:
        if state.get(state.LANGUAGE_SWITCH) == "armed" and _in_frame.get() is False:
            st.rerun(scope="app")

    redraw()
    return True


def show_error(error: Exception) -> None:
    """A calm sentence for the user; the traceback goes to the log only."""
    if isinstance(error, ProspectsError):
        st.error(md(error.message), icon=":material/error:")
    else:
        log.exception("unexpected error", exc_info=error)
        st.error(t("error.unexpected"), icon=":material/error:")


@contextmanager
def guarded() -> Iterator[None]:
    """Run a block of a page; any error becomes one message, never a stack trace."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - Streamlit's control flow is BaseException
        show_error(error)


def field_errors(error: ValidationError) -> dict[str, str]:
    """Messages by field, to show next to each input."""
    messages: dict[str, str] = {}
    for item in error.errors:
        messages.setdefault(item.field, item.message)
    return messages

