"""Which prospect field each column of a file goes to, from French and English headers.

Knows the usual exports: LinkedIn connections, Google Contacts (old and new), Outlook in
English and French, HubSpot, badge scanners, and the export of this product itself.
A mapping is a list with one target per column: a field name, "full_name" (split into
first and last name), "custom:<id>" for a custom field, or "" for a column not imported.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from prospects.domain import CustomField, fold

FULL_NAME = "full_name"
IGNORE = ""
CUSTOM_PREFIX = "custom:"

# Fields a column can fill, in the order the mapping editor lists them.
TARGETS = (
    "civility", "last_name", "first_name", FULL_NAME, "company", "is_company", "job_title", "email", "phone",
    "mobile", "address", "postal_code", "city", "country", "website", "prospect_notes", "project_notes",
    "project_summary", "status", "stage", "channel", "direct_approach", "owner", "campaign", "interest",
    "project_due", "expected_revenue", "rating", "closed_on", "loss_reason", "door_info", "birth_date",
    "external_ref", "sector", "client_type", "categories", "created_at", "next_action", "next_action_date",
)
# A file's next step ("Relance", "Next step", "Follow-up") and its date: not fields of the prospect but
# its first action, due that day (see staging.Stager._first_actions).
NEXT_ACTION, NEXT_ACTION_DATE = "next_action", "next_action_date"
# Targets whose values must be one of a settings list (the page offers to translate them).
LIST_TARGETS = {
    "stage": "stage", "channel": "channel", "civility": "civility", "owner": "owner", "status": "status",
    "loss_reason": "loss_reason", "sector": "sector", "client_type": "client_type", "categories": "categories",
}
# Columns of our own export that are known but not imported (the database sets them).
SYSTEM_COLUMNS = ("id", "updated_at", "updated_by", "created_by")

HEADERS_FILE = Path(__file__).with_name("headers.toml")


def load_headers(path: Path = HEADERS_FILE) -> dict[str, str]:
    """Each known header (folded by `normalise_header`) and its field, from headers.toml.

    Its [fields] give spellings per field; its [tools.<name>] tables the headers of real exports as
    the tool writes them. A header given two different fields is a mistake of the file: refused here,
    so that a wrong line is found by the tests, not by a rep whose column went astray.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pairs = [(alias, target) for target, aliases in data.get("fields", {}).items() for alias in aliases]
    for headers in data.get("tools", {}).values():
        pairs += [(header, target) for header, target in headers.items()]
    lookup: dict[str, str] = {}
    for header, target in pairs:
        if target not in TARGETS:
            raise ValueError(f"{path.name}: {header!r} goes to {target!r}, which is not a field")
        key = normalise_header(header)
        if lookup.setdefault(key, target) != target:
            raise ValueError(f"{path.name}: {header!r} goes to both {lookup[key]!r} and {target!r}")
    return lookup


_SYSTEM = {c.replace("_", " ") for c in SYSTEM_COLUMNS}
_REPEATED = re.compile(r"^(.*\S) \((\d+)\)$")
# Google / Outlook numbered and prefixed columns: "E-mail 2 - Value", "Phone 3 - Type", "Home Street"...
_NUMBERED = re.compile(r"^(e mail|email|phone|telephone|address|website|organization|relation|im|event) (\d+) (.+)$")
_IGNORED_WORDS = re.compile(r"(^| )(type|label|libelle|display name|nom complet affiche|phonetic|yomi)( |$)")


def normalise_header(header: str) -> str:
    """Lower case, no accents, words separated by one space: "E-mail 1 - Value" -> "e mail 1 value"."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(header)).split())


_LOOKUP = load_headers()


def guess_target(header: str) -> str:
    """The field a column goes to, from its header alone ("" when unknown)."""
    key = normalise_header(header)
    if not key:
        return IGNORE
    if key in _LOOKUP:
        return _LOOKUP[key]
    key_no_parens = re.sub(r"\b(bureau|business|work|pro|professionnel|principal|primary)\b", "", key)
    key_no_parens = " ".join(key_no_parens.split())
    if key_no_parens in _LOOKUP:
        return _LOOKUP[key_no_parens]
    numbered = _NUMBERED.match(key)
    if numbered:
        kind, index, rest = numbered.groups()
        if _IGNORED_WORDS.search(rest):
            return IGNORE
        alias = f"{kind} 1 {rest}" if index != "1" else key
        target = _LOOKUP.get(alias, IGNORE)
        if kind in ("phone", "telephone") and index == "2":
            return "mobile"
        return target
    return IGNORE


def header_score(cells: list[str]) -> int:
    """How many cells of a row are known column names: the header row is the one that scores best."""
    return sum(1 for c in cells if c and (guess_target(c) or normalise_header(c) in _SYSTEM))


def is_system_column(header: str) -> bool:
    return normalise_header(header) in _SYSTEM


def auto_mapping(headers: list[str], rows: list[list[str]], custom_fields: list[CustomField]) -> list[str]:
    """One target per column: custom fields by label, then aliases; a field goes to its first column only
    (later ones are kept in the notes), and "Nom" means the last name when a first-name column exists."""
    by_label = {fold(f.label): f"{CUSTOM_PREFIX}{f.id}" for f in custom_fields}
    targets = []
    for header in headers:
        repeated = _REPEATED.match(header)  # the reader names a second "Titre" "Titre (2)"
        if repeated and repeated.group(1) in headers:
            header = repeated.group(1)
        custom = by_label.get(fold(header).strip())
        targets.append(custom or guess_target(header))
    if "first_name" in targets and FULL_NAME in targets:
        for i, target in enumerate(targets):
            if target == FULL_NAME and normalise_header(headers[i]) in ("nom", "name"):
                targets[i] = "last_name" if "last_name" not in targets else IGNORE
    # "Title" / "Titre" is a civility in Outlook and a job title in Salesforce, HubSpot and badge
    # exports; French Outlook has both, under the same name (the second after "Service"). The values
    # decide; an empty column decides by position: the first one is the civility.
    civility_columns = [i for i, target in enumerate(targets) if target == "civility"]
    for n, i in enumerate(civility_columns):
        values = [r[i] for r in rows[:200] if i < len(r) and r[i].strip()]
        if not (looks_like_civility(values) if values else n == 0):
            targets[i] = "job_title" if "job_title" not in targets else IGNORE
    return targets


_CIVILITIES = frozenset({
    "m", "mr", "mme", "mrs", "ms", "miss", "mlle", "mx", "dr", "pr", "prof", "me", "sir", "madam", "monsieur",
    "madame", "mademoiselle", "mister", "maitre", "herr", "frau", "hr", "fr", "sr", "sra", "srta", "sig", "sig ra", "docteur",
})


def looks_like_civility(values: list[str]) -> bool:
    """Whether most values of a column are civilities ("M.", "Mme", "Mrs", "Dr"...), not job titles."""
    folded = [" ".join(re.sub(r"[^a-z]+", " ", fold(v)).split()) for v in values]
    return sum(v in _CIVILITIES for v in folded) > len(folded) / 2


def header_signature(headers: list[str]) -> str:
    """The same columns (whatever their case or accents) give the same signature."""
    text = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def shape_key(headers: list[str]) -> str:
    """The shape of a file: its set of normalised headers, whatever their order, case or accents (the
    same badge scanner at every show), for what the import remembers about such files."""
    names = sorted({normalise_header(h) for h in headers} - {""})
    return hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest()


def date_reading_mapping(mapping: list[str]) -> list[str]:
    """The mapping as the date rule sees it: a next-step column is read like any date column (its order
    decided from all of its values, or asked for), though its words go elsewhere."""
    return ["project_due" if target in (NEXT_ACTION, NEXT_ACTION_DATE) else target for target in mapping]


def split_full_name(text: str) -> tuple[str | None, str | None]:
    """(first name, last name) of "Paul Hisson", "HISSON Paul", "Hisson, Paul" or "Jean de La Fontaine"."""
    text = " ".join(text.split())
    if not text:
        return None, None
    if "," in text:
        last, _, first = text.partition(",")
        return first.strip() or None, last.strip() or None
    words = text.split(" ")
    if len(words) == 1:
        return None, words[0]
    upper = [w for w in words if len(w) > 1 and w.isupper()]
    if upper and len(upper) < len(words):
        last = " ".join(w for w in words if w in upper)
        first = " ".join(w for w in words if w not in upper)
        return first or None, last or None
    particles = {"de", "du", "des", "le", "la", "van", "von", "der", "da", "di", "del", "d'", "mac", "ben", "el"}
    for i in range(1, len(words)):
        if words[i].lower() in particles or words[i].lower().startswith("d'"):
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]
