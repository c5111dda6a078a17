"""The sign-in screen, and the browser cookie that keeps a tab signed in for a working day.

The cookie holds only a random session token; the server keeps its hash, with the user and an
expiry, so signing out or deactivating a user ends it everywhere. It is set by a small script in
the page (st.html), hence readable by scripts of this page: see README, "Signing in".
"""

from __future__ import annotations

import json

import streamlit as st

from prospects.domain.accounts import Viewer
from prospects.errors import ProspectsError
from prospects.i18n import t
from prospects.services import Store
from prospects.services import auth as auth_service

_SET_COOKIE = """<script>
(function () {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = %(name)s + "=" + %(value)s + "; Path=/; Max-Age=%(max_age)d; SameSite=Strict" + secure;
})();
</script>"""


def cookie_name() -> str:
    """One cookie per server port: two Prospects servers on one computer do not sign each other out."""
    return f"prospects_session_{st.get_option('server.port')}"


def token_from_browser() -> str | None:
    token = st.context.cookies.get(cookie_name())
    return token if isinstance(token, str) and token else None


def _forwarded_for() -> str | None:
    """The browser's address as a reverse proxy in front of the app reports it (X-Forwarded-For)."""
    forwarded = st.context.headers.get("X-Forwarded-For")
    if not isinstance(forwarded, str):
        return None
    return forwarded.split(",")[-1].strip() or None  # the entry our proxy added, not one a browser sent


def addresses() -> tuple[str | None, str | None]:
    """The server's address and the browser's (`_server_address`, `_client_address`), from one read
    of the request's headers. Both come from the request that opened the tab's session: the frame
    reads them once per tab (st.context looks them up in the runtime at every access)."""
    forwarded = _forwarded_for()
    return _server_address(forwarded), _client_address(forwarded)


def client_address() -> str | None:
    """The browser's address, for the audit (None on this computer)."""
    return _client_address(_forwarded_for())


def _client_address(forwarded: str | None) -> str | None:
    # Behind a reverse proxy every request comes from the proxy: the address it forwards is used.
    address = st.context.ip_address
    address = address if isinstance(address, str) else None
    if address in (None, "127.0.0.1", "::1"):
        return forwarded or address
    return address


def _server_address(forwarded: str | None) -> str | None:
    """The address the server is reachable on: `server.address` (none means every interface), and
    no longer this computer's loopback alone when a reverse proxy forwards the request."""
    if forwarded:
        return None
    address = st.get_option("server.address")
    return str(address) if address else None


def remember(token: str) -> None:
    """Keep the session token in this browser for a working day."""
    max_age = int(auth_service.SESSION_LIFETIME.total_seconds())
    _cookie_script(token, max_age)


def forget() -> None:
    """Drop the session token from this browser (the server has ended the session already)."""
    _cookie_script("", 0)


def _cookie_script(value: str, max_age: int) -> None:
    script = _SET_COOKIE % {"name": json.dumps(cookie_name()), "value": json.dumps(value), "max_age": max_age}
    with st.sidebar:
        st.html(script, unsafe_allow_javascript=True)


def form(st_store: Store) -> tuple[Viewer, str] | None:
    """The sign-in form; the viewer and their new session token once the name and password are right."""
    st.title(t("signin.title"))
    if not auth_service.anyone_has_password(st_store):
        st.info(t("signin.no_password_yet"), icon=":material/key:")
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input(t("signin.name"), key="signin_name", autocomplete="username")
        password = st.text_input(t("signin.password"), type="password", key="signin_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("signin.submit"), type="primary")
    if not submitted:
        return None
    try:
        return auth_service.sign_in(st_store, name, password, client_address())
    except ProspectsError as error:
        from prospects.ui.shell import md  # the frame imports this module: read when a sign-in fails

        st.error(md(error.message), icon=":material/lock:")  # never quotes what was typed
        return None
