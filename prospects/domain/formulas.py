"""Spreadsheet formula guarding: pure text rules shared by the export (writing) and the import (reading).

A cell starting with a formula trigger (`=`, `+`, `-`, `@`, tab, carriage return) would run in a
spreadsheet; the export writes a leading quote before it and the import takes exactly that quote off.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def guard_formula(text: str) -> str:
    """Text a spreadsheet shows as is: a leading quote before a formula trigger.

    Text already starting with quotes then a trigger gets one more quote, so that
    `unguard_formula` gives back exactly the original text.
    """
    if text.lstrip(FORMULA_GUARD).startswith(FORMULA_TRIGGERS):
        return FORMULA_GUARD + text
    return text


def unguard_formula(text: str) -> str:
    """The original text of a guarded cell (the inverse of `guard_formula`)."""
    if text.startswith(FORMULA_GUARD) and text.lstrip(FORMULA_GUARD).startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
