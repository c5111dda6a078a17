"""The app's web server: Streamlit's own, answering only the host names it is meant for.

`bash scripts/run.sh` starts it with `streamlit run prospects/serve.py`, which serves `app.py`
exactly as `streamlit run app.py` would, plus a Host check on every request and websocket.
Without it, a web page on a foreign name that resolves to 127.0.0.1 (DNS rebinding) could
read and drive the app from the rep's own browser.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

ROOT = Path(__file__).resolve().parent.parent

# This computer's own names: always allowed.
LOOPBACK = ("localhost", "127.0.0.1", "::1")
# "Listen everywhere" addresses are not names a browser sends.
_EVERY_ADDRESS = ("", "0.0.0.0", "::")  # noqa: S104 - compared with, never bound to


def allowed_hosts() -> list[str]:
    """This computer's names, the address the server is told to listen on (`server.address`) and
    the names listed in `server.allowedHosts` (README: "Opening the app under another name")."""
    hosts = list(LOOPBACK)
    address = str(st.get_option("server.address") or "").strip().strip("[]")
    if address not in _EVERY_ADDRESS:
        hosts.append(address)
    hosts.extend(str(host).strip() for host in st.get_option("server.allowedHosts") or [])
    return sorted({host.lower().rstrip(".") for host in hosts if host})


app = st.App(
    ROOT / "app.py",
    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(), www_redirect=False)],
)
