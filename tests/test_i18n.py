"""The French and English interface: complete catalogs, known keys, no hard-coded text, the switch.

Every visible string goes through `t()`. These tests fail when a key lacks a language, when the code
asks for a key no catalog has, when a page or a UI module hands a literal text to Streamlit, or when
a page registered in the menu does not turn French after the sidebar switch.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from prospects.i18n import LANGUAGES, catalog, fmt_date, fmt_money, fmt_number
from prospects.ui import navigation
from tests.conftest import ROOT
from tests.pages.conftest import app  # noqa: F401 - the AppTest fixture, shared with tests/pages

LOCALES = ROOT / "prospects" / "locales"
CODE = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "prospects").rglob("*.py")])
UI_CODE = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "prospects" / "ui").glob("*.py")])

# Streamlit calls whose first positional argument (or label/help/placeholder/title) is shown to users.
SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "text", "write", "code", "latex",
    "error", "warning", "info", "success", "toast", "exception",
    "button", "form_submit_button", "download_button", "link_button", "page_link",
    "checkbox", "toggle", "radio", "selectbox", "multiselect", "select_slider", "slider",
    "segmented_control", "pills", "feedback",
    "text_input", "text_area", "number_input", "date_input", "time_input", "datetime_input",
    "file_uploader", "camera_input", "color_picker", "chat_input",
    "metric", "expander", "popover", "tabs", "status", "spinner", "dialog", "Page",
    "TextColumn", "NumberColumn", "DateColumn", "DatetimeColumn", "CheckboxColumn", "SelectboxColumn",
    "LinkColumn", "ListColumn", "ProgressColumn", "Column",
}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "title"}
LOGGERS = {"log", "logger", "logging"}  # log.exception("...") is for the log file, not the screen
ICON = re.compile(r"^:material/[a-z0-9_]+:$")
IDENTIFIER = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")  # field names and catalog keys handed to helpers
PATH = re.compile(r"^[\w./-]+\.py$")  # st.page_link("pages/x.py", label=t(...))


def read_catalogs() -> dict[str, dict[str, dict[str, str]]]:
    """Each catalog file's keys, refusing a key written twice in one file (json would keep the last)."""

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        duplicated = {k for k in keys if keys.count(k) > 1}
        assert not duplicated, f"keys written twice: {sorted(duplicated)}"
        return dict(pairs)

    return {p.name: json.loads(p.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates) for p in sorted(LOCALES.glob("*.json"))}


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# -- the catalogs -----------------------------------------------------------------


def test_every_key_has_every_language():
    missing = [
        f"{name}: {key} lacks {lang!r}"
        for name, keys in read_catalogs().items()
        for key, texts in keys.items()
        for lang in LANGUAGES
        if not (isinstance(texts, dict) and str(texts.get(lang, "")).strip())
    ]
    assert not missing, "\n".join(missing)


def test_no_key_is_defined_in_two_files():
    catalog.cache_clear()
    catalog()  # raises on a key defined twice across files


def test_placeholders_are_the_same_in_both_languages():
    differ = []
    for name, keys in read_catalogs().items():
        for key, texts in keys.items():
            fields = {lang: sorted(set(re.findall(r"{(\w+)}", " ".join(forms(texts.get(lang, "")))))) for lang in LANGUAGES}
            if len({tuple(v) for v in fields.values()}) > 1:
                differ.append(f"{name}: {key} {fields}")
    assert not differ, "\n".join(differ)


# -- keys used by the code ------------------------------------------------------------


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _prefix(node: ast.AST) -> str | None:
    """The constant start of an f-string key such as f"settings.type.{kind}"."""
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    return None


def used_keys() -> list[tuple[str, int, str, bool]]:
    """(file, line, key or prefix, is_prefix) of every catalog key the code names."""
    found = []
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                position = {"t": 0, "FieldError": 1, "PageSpec": 2}.get(name)
                if position is None or len(node.args) <= position:
                    continue
                arg = node.args[position]
                if (key := _literal(arg)) is not None:
                    found.append((relative(path), node.lineno, key, False))
                elif (start := _prefix(arg)) is not None:
                    found.append((relative(path), node.lineno, start, True))
            elif isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["key"]:
                if (key := _literal(node.value)) is not None and "." in key:
                    found.append((relative(path), node.lineno, key, False))
    return found


def test_the_code_uses_only_keys_the_catalogs_have():
    keys = catalog()
    unknown = [
        f"{file}:{line}: {key!r}" + (" (prefix)" if is_prefix else "")
        for file, line, key, is_prefix in used_keys()
        if not (any(k.startswith(key) for k in keys) if is_prefix else key in keys)
    ]
    assert not unknown, "keys missing from prospects/locales/*.json:\n" + "\n".join(unknown)


def test_the_key_scan_sees_the_code():
    assert any(key == "settings.title" for _, _, key, _ in used_keys())


# -- no hard-coded text in pages and UI modules ------------------------------------------


def _visible(text: str) -> bool:
    """Whether a literal would reach the screen as words (not an icon, key, path, HTML or punctuation)."""
    stripped = text.strip()
    return not (
        not stripped
        or ICON.match(stripped)
        or IDENTIFIER.match(stripped)
        or PATH.match(stripped)
        or stripped.startswith("<")
        or not re.search(r"[^\W\d_]", stripped)
    )


def _hard_coded(node: ast.AST) -> str | None:
    """The user-visible text of a literal argument, or None when it is allowed."""
    if isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            if (text := _hard_coded(item)) is not None:
                return text
        return None
    if isinstance(node, ast.BinOp):  # "Total: " + x, "%s deals" % n
        return _hard_coded(node.left) or _hard_coded(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _hard_coded(node.func.value)
    if isinstance(node, ast.JoinedStr):  # the literal parts of an f-string, e.g. f"Delete {name}"
        pieces = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return pieces if re.search(r"[^\W\d_]{2,}", pieces) and _visible(pieces) else None
    text = _literal(node)
    return text if text is not None and _visible(text) else None


def hard_coded_texts(paths: list[Path]) -> list[str]:
    offenders = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SHOWN):
                continue
            if isinstance(node.func.value, ast.Name) and node.func.value.id in LOGGERS:
                continue
            candidates = node.args[:1] + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            for arg in candidates:
                if (text := _hard_coded(arg)) is not None:
                    offenders.append(f"{relative(path)}:{node.lineno}: .{node.func.attr}({text[:60]!r})")
    return offenders


def test_pages_and_ui_modules_show_no_hard_coded_text():
    offenders = hard_coded_texts(UI_CODE)
    assert not offenders, "use t() with a catalog key instead of these literals:\n" + "\n".join(offenders)


def test_the_hard_coded_text_check_catches_literals(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import streamlit as st\n"
        "st.title('Prospects')\n"
        "col.button(label=f'Delete {name}')\n"
        "st.tabs(['Stages', t('x')])\n"
        "st.button('', icon=':material/add:', help=t('settings.add'), key='add_stage')\n"
        "st.html('<style>.x {color: red}</style>')\n"
        "st.markdown(f\"**{t('settings.title')}**\")\n"
        "st.caption(' · '.join(parts))\n"
        "st.number_input(t('x'), format='%d')\n"
        "st.metric('Deals: ' + str(n), n)\n"
        "st.write('{} deals'.format(n))\n"
        "st.page_link('pages/prospects.py', label=t('list.nav'))\n"
        "inputs.text('last_name', row[1])\n"
        "inputs.error(f'custom_{field_id}')\n",
        encoding="utf-8",
    )
    offenders = hard_coded_texts([sample])
    assert [o.split(": ", 1)[1] for o in offenders] == [
        ".title('Prospects')",
        ".button('Delete ')",
        ".tabs('Stages')",
        ".metric('Deals: ')",
        ".write('{} deals')",
    ]


# -- dates and numbers ----------------------------------------------------------------------


def test_dates_and_money_follow_the_language():
    from datetime import date
    from decimal import Decimal

    assert fmt_date(date(2026, 3, 9), lang="fr") == "09/03/2026"
    assert fmt_money(Decimal("1234.5"), "EUR", lang="fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    assert fmt_money(Decimal("1234.5"), "EUR", lang="en") == "€1,234.50"
    assert fmt_number(1234.5, lang="fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"


# -- the language switch on every page --------------------------------------------------------




def forms(text: str | dict[str, str]) -> list[str]:
    """A text, or each of its plural forms."""
    return list(text.values()) if isinstance(text, dict) else [text]


def french_only_texts() -> set[str]:
    return {form for texts in catalog().values() if texts.get("fr") and texts["fr"] != texts.get("en")
            for form in forms(texts["fr"])}


def shown_texts(at) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success"):
        texts += [str(e.value) for e in getattr(at.main, kind)]
    for kind in ("button", "text_input", "selectbox", "checkbox", "number_input", "text_area", "multiselect", "toggle", "radio"):
        texts += [str(getattr(e, "label", "")) for e in getattr(at.main, kind)]
    texts += [tab.label for tab in at.tabs]
    return texts


@pytest.mark.parametrize("spec", navigation.PAGES, ids=[spec.key for spec in navigation.PAGES])
def test_every_page_turns_french_from_the_sidebar(spec, app, demo_store, monkeypatch):  # noqa: F811
    at = app(page=spec.file)
    assert not at.exception, f"{spec.file} fails in English: {at.exception}"
    at.sidebar.button_group(key="sidebar_language").set_value("fr").run()
    at.run()  # the redraw that the browser's timer asks for after a switch
    assert not at.exception, f"{spec.file} fails in French: {at.exception}"
    assert at.sidebar.button_group(key="sidebar_language").label == "Langue"
    shown = shown_texts(at)
    french = french_only_texts()
    assert any(text in french for text in shown), f"{spec.file} shows nothing in French after the switch: {shown[:8]}"


@pytest.mark.parametrize(("lang", "total", "expected"), [
    ("en", 1, "1 prospect · page 1 of 1"), ("en", 0, "0 prospects · page 1 of 1"), ("en", 2, "2 prospects · page 1 of 1"),
    ("fr", 1, "1 prospect · page 1 sur 1"), ("fr", 0, "0 prospect · page 1 sur 1"), ("fr", 2, "2 prospects · page 1 sur 1"),
])
def test_counts_follow_the_plural_rule_of_the_language(lang: str, total: int, expected: str) -> None:
    from prospects.i18n import t

    assert t("list.count", lang, total=total, page=1, pages=1) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_name_is_the_start_of_another(lang: str) -> None:
    """"Tableau" beside "Tableau de bord" reads as one page: every menu name stands on its own."""
    from prospects.i18n import t
    from prospects.ui.navigation import PAGES

    names = [t(page.title_key, lang).casefold() for page in PAGES]
    assert len(set(names)) == len(names)
    assert not [(a, b) for a in names for b in names if a != b and b.startswith(a + " ")]
