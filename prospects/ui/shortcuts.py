"""Ctrl+K between the prospect list and the board: a small script in the page, and a visible link."""

from __future__ import annotations

import json

import streamlit as st

from prospects.i18n import t
from prospects.ui.navigation import PAGES, has_page, page_file

# Which page Ctrl+K leads to, from each page that has the shortcut.
SWITCH = {"prospects": "board", "board": "prospects"}
_LINK_LABEL = {"board": "shortcuts.to_board", "prospects": "shortcuts.to_list"}

# Runs in the page itself (st.html, not an iframe). It is installed once per browser tab; each run
# only updates the target. The board's cards live in a same-origin iframe that takes the focus once a
# card is touched, so every iframe of the page listens too (iframes come and go with each run).
_SCRIPT = """<script>
(function () {
  const w = window;
  w.__prospectsSwitch = %(config)s;
  if (w.__prospectsSwitchInstalled) { return; }
  w.__prospectsSwitchInstalled = true;
  const strip = function (path) { return path.replace(/\\/+$/, ""); };
  function leadsThere(link, config) {
    const path = strip(new URL(link.href, w.location.href).pathname);
    if (config.to) { return path.endsWith("/" + config.to); }
    // The default page's link is the app's root: the one that names no other page.
    return !config.others.some(function (other) { return path.endsWith("/" + other); });
  }
  function go(event) {
    const config = w.__prospectsSwitch;
    if (!config || config.to === null || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) { return; }
    if ((event.key || "").toLowerCase() !== "k") { return; }
    event.preventDefault();
    event.stopPropagation();
    const links = w.document.querySelectorAll('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]');
    for (const link of links) {
      if (leadsThere(link, config)) { link.click(); return; }
    }
    w.location.assign(new URL(config.to || ".", w.location.href).href);
  }
  function listen(doc) {
    if (doc && !doc.__prospectsSwitch) { doc.__prospectsSwitch = true; doc.addEventListener("keydown", go, true); }
  }
  function scan() {
    w.document.querySelectorAll("iframe").forEach(function (frame) {
      try { listen(frame.contentDocument); } catch (error) { /* another origin: not ours */ }
      if (!frame.__prospectsSwitch) {
        frame.__prospectsSwitch = true;
        frame.addEventListener("load", scan);
      }
    });
  }
  listen(w.document);
  scan();
  // Iframes come and go with each run; the page loses the focus to one just before its keys arrive.
  new MutationObserver(scan).observe(w.document.body, { childList: true, subtree: true });
  w.addEventListener("blur", scan);
  w.setInterval(scan, 1000);
})();
</script>"""


def target_of(current_key: str) -> str | None:
    """The page Ctrl+K opens from `current_key`, if both pages exist."""
    target = SWITCH.get(current_key)
    return target if target and has_page(current_key) and has_page(target) else None


def script_config(target: str | None) -> dict[str, object]:
    """What the script needs to find the target's sidebar link: its URL path ("" for the default page)."""
    paths = {spec.key: "" if spec.default else spec.key for spec in PAGES}
    return {
        "to": None if target is None else paths[target],
        "others": sorted(path for path in paths.values() if path),
    }


def install(current_key: str) -> None:
    """Give the current page its Ctrl+K (or none) and, on the list and the board, a link in the sidebar."""
    target = target_of(current_key)
    with st.sidebar:
        if target:
            st.page_link(page_file(target), label=t(_LINK_LABEL[target]), icon=":material/swap_horiz:")
        st.html(_SCRIPT % {"config": json.dumps(script_config(target))}, unsafe_allow_javascript=True)
