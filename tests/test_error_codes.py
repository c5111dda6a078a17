"""Every error the product can show has a stable code, listed in the README, with words in both languages."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import prospects
from prospects.errors import FieldError, ProspectsError, Term, ValidationError, code_of
from prospects.i18n import LANGUAGES, catalog, describe, set_language
from tests.conftest import ROOT

SOURCE = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "prospects").rglob("*.py")))


def error_classes() -> list[type[ProspectsError]]:
    for module in pkgutil.walk_packages(prospects.__path__, "prospects."):
        if module.name != "prospects.__main__":
            importlib.import_module(module.name)
    found, todo = [], [ProspectsError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def all_codes() -> dict[str, set[str]]:
    """Each code with the catalogue keys that give its words (exactly one each)."""
    codes: dict[str, set[str]] = {}
    for cls in error_classes():
        if cls.key != ProspectsError.key or cls is ProspectsError or cls.fixed_code:
            codes.setdefault(cls.fixed_code or code_of(cls.key), set()).add(cls.key)
    # Field errors and file errors whose key is given where they are raised.
    for key in re.findall(r'FieldError\(\s*[^,()]+,\s*"([a-z_.]+)"', SOURCE):
        codes.setdefault(code_of(key), set()).add(key)
    for key in re.findall(r'ImportFileError\(\s*"([a-z_.]+)"', SOURCE):
        codes.setdefault(code_of(key), set()).add(key)
    return codes


def readme_codes() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Error and row codes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))


def test_each_code_has_one_meaning() -> None:
    shared = {code: keys for code, keys in all_codes().items() if len(keys) > 1}
    assert shared == {}


def test_every_code_is_listed_in_the_readme() -> None:
    missing = sorted(set(all_codes()) - readme_codes())
    assert missing == [], f"add these codes to README.md, section 'Error and row codes': {missing}"


def test_every_code_has_words_in_each_language() -> None:
    texts = catalog()
    for code, keys in all_codes().items():
        key = next(iter(keys))
        if code == "usage":  # the parser's own words
            continue
        assert key in texts, f"{code}: no catalogue entry {key}"
        assert all(texts[key].get(lang) for lang in LANGUAGES), f"{code}: {key} lacks a language"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_code_stays_when_the_words_change_with_the_language(lang: str) -> None:
    error = ValidationError([FieldError("email", "error.email_invalid", {"value": "jean@"})])
    set_language(lang)
    try:
        assert [e.code for e in error.errors] == ["email_invalid"]
        assert "jean@" in error.message and "email_invalid" not in error.message
    finally:
        set_language("en")


def test_a_term_inside_an_error_is_put_in_words_of_the_language() -> None:
    error = FieldError("type", "settings.error.type_change_lossy",
                       {"count": 2, "example": "abc", "old": Term("settings.type.text"), "new": Term("settings.type.number")})
    set_language("fr")
    try:
        words = describe(error)
    finally:
        set_language("en")
    assert "settings.type" not in words and "Term(" not in words
    assert catalog()["settings.type.number"]["fr"] in words
