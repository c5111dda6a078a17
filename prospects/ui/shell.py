"""The frame around every page: the cached store, the current user, language, errors."""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.navigation.page import StreamlitPage

from prospects.config import database_path
from prospects.domain import User
from prospects.domain.accounts import Viewer
from prospects.errors import DatabaseBusyError, ProspectsError, ValidationError
from prospects.i18n import LANGUAGES, set_language, t
from prospects.services import Store, open_store
from prospects.services import auth as auth_service
from prospects.services import settings as settings_service
from prospects.ui import shortcuts, signin
from prospects.ui.navigation import PAGES, PageSpec
from prospects.ui.state import flash

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

SESSION = "shell_session"  # the frame's one session-state entry: a `Session`


@dataclass
class Session:
    """What the frame keeps for one browser tab: who acts, in which language, and where a language
    switch stands ("pending", then "armed", while the page is redrawn in the new language).

    Once sign-in is on, `viewer` is the signed-in user and `token` their session's (checked on the
    server at every run); `cookie` says whether the next run stores it in the browser or drops it.
    """

    user_id: int | None = None
    language: str | None = None
    language_switch: Literal["pending", "armed"] | None = None
    offer_translation: str | None = None  # the language the team's untouched defaults may be renamed into
    viewer: Viewer | None = None
    token: str | None = None
    sign_in_on: bool = False
    cookie: Literal["set", "clear"] | None = None
    addresses: tuple[str | None, str | None] | None = None  # the server's and the browser's (`signin.addresses`)


def session() -> Session:
    """This tab's frame state (created on first use)."""
    if SESSION not in st.session_state:
        st.session_state[SESSION] = Session()
    return st.session_state[SESSION]


def _tab_viewer() -> Viewer | None:
    """The viewer of this tab, for the store's queries: dialogs and fragments rerun without the frame."""
    try:
        tab = st.session_state.get(SESSION)
    except Exception:  # noqa: BLE001 - outside a Streamlit run there is no tab
        return None
    return tab.viewer if isinstance(tab, Session) else None


auth_service.set_viewer_source(_tab_viewer)


def is_manager() -> bool:
    """Whether this tab may see a manager's buttons (Delete all...): the services refuse a rep anyway."""
    viewer = _tab_viewer()
    return viewer is None or viewer.is_manager


@contextmanager
def frame() -> Iterator[None]:
    """Mark the current run as going through app.py (the frame around every page)."""
    token = _in_frame.set(True)
    try:
        yield
    finally:
        _in_frame.reset(token)


@dataclass(frozen=True)
class AppPage:
    """A page given to `st.navigation`, with the menu entry it stands for."""

    spec: PageSpec
    page: StreamlitPage
    in_menu: bool


def pages(manager: bool = True) -> list[AppPage]:
    """The app's pages for `st.navigation`, titled in the session's language, in menu order.

    Streamlit serves the default page at "/" and gives it no path of its own, so a bookmark of
    /prospects would open on "Page not found": a hidden twin of the default page answers there.
    A rep's navigation has no managers' pages (their use cases refuse a rep in the services too).
    """
    app_pages: list[AppPage] = []
    for spec in PAGES:
        if spec.managers_only and not manager:
            continue
        title, icon = t(spec.title_key), spec.icon
        if spec.default:
            home = st.Page(spec.file, title=title, icon=icon, url_path=f"{spec.key}-home", default=True)
            app_pages.append(AppPage(spec, home, in_menu=True))
            app_pages.append(AppPage(spec, st.Page(spec.file, title=title, icon=icon, url_path=spec.key,
                                                   visibility="hidden"), in_menu=False))
        else:
            page = st.Page(spec.file, title=title, icon=icon, url_path=spec.key,
                           visibility="hidden" if spec.hidden else "visible")
            app_pages.append(AppPage(spec, page, in_menu=not spec.hidden))
    return app_pages


def run_app() -> None:
    """The frame around every page (app.py): the store held for the run, the language, the menu,
    the sidebar, the Ctrl+K shortcut, then the current page, its errors shown as one sentence."""
    st.set_page_config(page_title="Prospects", page_icon=":material/contact_page:", layout="wide")
    with frame(), ExitStack() as held:
        # The same first element on every run, so that a message here moves nothing on the page.
        notice = st.empty()
        st_store = _hold_the_file(notice, held)
        apply_language(st_store)
        try:
            viewer = who_acts(st_store)
        except Exception as error:  # noqa: BLE001 - one sentence, never a stack trace
            show_error(error)
            st.stop()
        app_pages = pages(manager=viewer is None or viewer.is_manager)
        # The menu is the app's own (`menu`): see client.showSidebarNavigation in .streamlit/config.toml.
        current = st.navigation([entry.page for entry in app_pages], position="hidden")
        if viewer is None:
            _sign_in(st_store)
            return
        sidebar(st_store, app_pages)
        key = next(entry.spec.key for entry in app_pages if entry.page is current)
        shortcuts.install(key)  # Ctrl+K between the list and the board
        if not redraw_after_language_switch():
            with guarded():
                current.run()


def _hold_the_file(notice: DeltaGenerator, held: ExitStack) -> Store:
    """The store, its file held for the rest of the run, waiting as long as another program writes.

    One connection for the whole run, released at its end so the command line can write too.
    While a command-line import holds the file, the run says so and keeps trying (each attempt
    waits a few seconds): the page stays on screen with everything typed, and the click that
    started the run (Validate...) goes through once the file is free. Leaving the page or
    closing the tab ends the wait at the next message.
    """
    while True:
        try:
            st_store = store()
            held.enter_context(st_store.hold())
        except DatabaseBusyError:
            notice.warning(t("shell.busy"), icon=":material/hourglass_top:")
            continue
        except ProspectsError as error:  # a missing folder, a damaged or newer file: one sentence, no page
            notice.error(md(error.message), icon=":material/error:")
            st.stop()
        notice.empty()
        return st_store


def _ensure_frame(caller: FrameType | None) -> None:
    # With a pages/ folder next to app.py, Streamlit runs the very first run of a fresh server (and
    # every AppTest run) in its folder mode: a link straight to /settings runs the page file alone,
    # without app.py. Its first line asks for the store: run the frame right here instead (its
    # public st.navigation ends the folder mode and runs the same page, framed, in this same run,
    # so a click is not lost), then stop the unframed run. Only a page's own top level asks:
    # dialog and fragment reruns run just their function, after their page ran framed.
    if _in_frame.get() or caller is None or caller.f_code.co_name != "<module>":
        return
    run_app()
    st.stop()


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    # Keyed by path: a cached store must never outlive a test's temporary database.
    # A new database gets its default lists in the language of the browser that first opens it.
    return open_store(path, language=browser_language())


def store() -> Store:
    """The store of the database this app runs on (`PROSPECTS_DB` or data/prospects.duckdb)."""
    _ensure_frame(inspect.currentframe().f_back)
    return _store_for(str(database_path()))


def who_acts(st_store: Store) -> Viewer | None:
    """The viewer of this run: the signed-in user once sign-in is on (None: not signed in yet),
    else the user chosen under "Working as" (a fresh database on this computer)."""
    tab = session()
    if tab.addresses is None:  # from the request that opened this tab: read once
        tab.addresses = signin.addresses()
    server_address, client_address = tab.addresses
    tab.sign_in_on = auth_service.sign_in_required(st_store, server_address)
    if not tab.sign_in_on:
        tab.viewer = auth_service.viewer_for(st_store, current_user(st_store).id, client_address)
        return tab.viewer
    token = tab.token or signin.token_from_browser()
    tab.viewer = auth_service.resume(st_store, token, client_address)
    tab.token = token if tab.viewer else None
    if tab.viewer:
        tab.user_id = tab.viewer.user_id
    elif tab.cookie == "clear":
        signin.forget()
        tab.cookie = None
    return tab.viewer


def _sign_in(st_store: Store) -> None:
    """The sign-in screen in place of the page; a right name and password open the page asked for."""
    signed = signin.form(st_store)
    if signed:
        tab = session()
        tab.viewer, tab.token = signed
        tab.user_id, tab.cookie = tab.viewer.user_id, "set"
        st.rerun()


def sign_out(st_store: Store) -> None:
    """End every session of this user (every browser), then show the sign-in screen."""
    auth_service.sign_out(st_store)
    tab = session()
    tab.viewer, tab.token, tab.cookie = None, None, "clear"


def current_user(st_store: Store | None = None) -> User:
    """The user this session acts as (chosen in the sidebar); the first active user by default."""
    st_store = st_store or store()
    users = settings_service.users(st_store, active_only=True) or settings_service.users(st_store)
    tab = session()
    for user in users:
        if user.id == tab.user_id:
            return user
    tab.user_id = users[0].id
    return users[0]


def current_user_id() -> int:
    return current_user().id


# The language chosen in this browser, kept for a year: a reload or a shared link opens in it.
LANGUAGE_COOKIE = "prospects_language"
_COOKIE_SCRIPT = '<script>document.cookie = "{name}={value}; path=/; max-age=31536000; SameSite=Lax";</script>'


def browser_language() -> str | None:
    """The browser's preferred language (navigator.language, "fr-FR" -> "fr") when the app speaks it."""
    code = (st.context.locale or "").split("-")[0].lower()
    return code if code in LANGUAGES else None


def _language_of_this_browser() -> str | None:
    value = st.context.cookies.get(LANGUAGE_COOKIE)
    return value if value in LANGUAGES else None


def first_language(st_store: Store, user_id: int) -> str:
    """A new session's language: the one chosen last in this browser, else the one its user chose
    (on any browser), else the browser's preferred language, else the team's, else English."""
    candidates = (
        _language_of_this_browser(),
        settings_service.user_language(st_store, user_id),
        browser_language(),
        settings_service.team_language(st_store),
    )
    return next((lang for lang in candidates if lang in LANGUAGES), "en")


def apply_language(st_store: Store) -> str:
    """The session's language: chosen in the sidebar, else the first one of `first_language`."""
    tab = session()
    if tab.language not in LANGUAGES:
        tab.language = first_language(st_store, current_user(st_store).id)
    set_language(tab.language)
    return tab.language


def menu(app_pages: list[AppPage]) -> None:
    """The app's menu at the top of the sidebar: one link per visible page.

    Drawn by the app itself rather than by `st.navigation`: `client.showSidebarNavigation = false`
    (.streamlit/config.toml) keeps Streamlit from showing the pages/ folder's own menu of file
    names during a fresh server's first run, and that setting hides `st.navigation`'s menu too.
    """
    with st.sidebar, st.container(key="menu"):
        for entry in app_pages:
            if entry.in_menu:
                st.page_link(entry.page)


def sidebar(st_store: Store, app_pages: list[AppPage]) -> None:
    """The menu, the current user, the language and the database in use."""
    users = settings_service.users(st_store, active_only=True)
    me = current_user(st_store)
    tab = session()
    menu(app_pages)
    with st.sidebar:
        if tab.sign_in_on:
            _signed_in_as(st_store, tab)
        else:
            ids = [u.id for u in users]
            chosen = st.selectbox(
                t("shell.current_user"),
                ids,
                index=ids.index(me.id) if me.id in ids else 0,
                format_func=lambda uid: next(f"{u.full_name} ({u.initials})" for u in users if u.id == uid),
                key="sidebar_user",
            )
            tab.user_id = chosen
        lang = st.segmented_control(
            t("shell.language"),
            LANGUAGES,
            default=tab.language,
            format_func=lambda code: {"en": "English", "fr": "Français"}[code],
            key="sidebar_language",
        )
        if lang and lang != tab.language:
            switch_language(st_store, me, lang)
            st.rerun()
        remember_language_in_browser(tab.language)
        if tab.offer_translation == tab.language and (tab.viewer is None or tab.viewer.is_manager):
            offer_translation(st_store)  # renaming the team's lists is a manager's change
        st.caption(t("shell.database", path=str(st_store.path)))


def switch_language(st_store: Store, me: User, lang: str) -> None:
    """Draw the app in `lang` from now on, remember it for this user, and offer to rename the team's
    default lists (stages, channels...) still named in the other language."""
    tab = session()
    tab.language = lang
    tab.language_switch = "pending"
    try:
        settings_service.save_user_language(st_store, me.id, lang)
        tab.offer_translation = lang if settings_service.untranslated_defaults(st_store, lang) else None
    except ProspectsError as error:  # the session still switches; the next visit may not remember it
        log.warning("language not saved for user %s: %s", me.id, error.message)


def remember_language_in_browser(lang: str) -> None:
    """Keep the session's language in a cookie that the next session of this browser reads."""
    st.html(_COOKIE_SCRIPT.format(name=LANGUAGE_COOKIE, value=lang), unsafe_allow_javascript=True)


def offer_translation(st_store: Store) -> None:
    """Right under the switch: rename the team's untouched default values into the new language?"""
    tab = session()
    lang = tab.language or "en"
    count = settings_service.untranslated_defaults(st_store, lang)
    if not count:
        tab.offer_translation = None
        return
    with st.container(border=True, key="translate_offer"):
        st.caption(t("shell.translate_offer", count=count, language=t(f"settings.language.{lang}")))
        # One under the other: two buttons side by side do not fit the sidebar's width in French.
        if st.button(t("shell.translate_yes"), key="translate_offer_yes", type="primary", width="stretch"):
            tab.offer_translation = None
            try:
                renamed = settings_service.translate_defaults(st_store, lang)
            except ProspectsError as error:
                st.error(md(error.message), icon=":material/error:")
                return
            flash(t("settings.general.translated", count=renamed))
            st.rerun()
        if st.button(t("shell.translate_no"), key="translate_offer_no", width="stretch"):
            tab.offer_translation = None
            st.rerun()


def _signed_in_as(st_store: Store, tab: Session) -> None:
    """Who is signed in (the author of every change) and the way out, in place of "Working as"."""
    if tab.cookie == "set" and tab.token:
        signin.remember(tab.token)
        tab.cookie = None
    st.caption(t("signin.signed_in_as", who=md(tab.viewer.name)))
    st.button(t("signin.sign_out"), key="sidebar_sign_out", icon=":material/logout:",
              on_click=sign_out, args=(st_store,))


def redraw_after_language_switch() -> bool:
    """True while a language switch needs a run without the page.

    A keyed widget keeps its identity when its label and options change, and the browser keeps
    showing the option text it had ("Updated" in a French page). So a switch draws one run
    without the page, which makes the browser drop the page's widgets, then redraws the page in
    the new language; the widgets' values (codes, not texts) are kept.
    """
    tab = session()
    if tab.language_switch != "pending":
        tab.language_switch = None
        return False
    tab.language_switch = "armed"

    @st.fragment(run_every=0.3)
    def redraw() -> None:
        if session().language_switch == "armed" and _in_frame.get() is False:
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

