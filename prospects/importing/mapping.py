"""Which prospect field each column of a file goes to, from French and English headers.

Knows the usual exports: LinkedIn connections, Google Contacts (old and new), Outlook in
English and French, HubSpot, badge scanners, and the export of this product itself.
A mapping is a list with one target per column: a field name, "full_name" (split into
first and last name), "custom:<id>" for a custom field, or "" for a column not imported.
"""

from __future__ import annotations

import hashlib
import re

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
    "external_ref", "sector", "client_type", "categories", "created_at",
)
# Targets whose values must be one of a settings list (the page offers to translate them).
LIST_TARGETS = {
    "stage": "stage", "channel": "channel", "civility": "civility", "owner": "owner", "status": "status",
    "loss_reason": "loss_reason", "sector": "sector", "client_type": "client_type", "categories": "categories",
}
# Columns of our own export that are known but not imported (the database sets them).
SYSTEM_COLUMNS = ("id", "updated_at", "updated_by", "created_by")

_ALIASES: dict[str, tuple[str, ...]] = {
    "civility": ("civility", "civilite", "salutation", "title", "titre", "name prefix", "prefix", "courtesy title",
                 "mr mrs", "genre", "gender"),
    "last_name": ("last name", "last_name", "lastname", "surname", "family name", "nom", "nom de famille",
                  "name last", "contact last name", "nom du contact"),
    "first_name": ("first name", "first_name", "firstname", "given name", "prenom", "forename", "name first",
                   "contact first name", "prenom du contact"),
    FULL_NAME: ("full name", "full_name", "fullname", "name", "nom complet", "nom prenom", "prenom nom",
                "nom et prenom", "display name", "contact name", "contact", "attendee name", "participant",
                "visitor name", "nom du visiteur"),
    "company": ("company", "company name", "organization", "organisation", "organization name",
                "organization 1 name", "societe", "entreprise", "raison sociale", "employer", "account name",
                "nom de l entreprise", "nom de la societe", "etablissement", "company_name", "exposant"),
    "is_company": ("is company", "is_company", "est une societe", "personne morale"),
    "job_title": ("job title", "job_title", "position", "fonction", "poste", "organization title",
                  "organization 1 title", "role", "titre du poste", "intitule du poste", "designation",
                  "titre de l emploi", "job"),
    "email": ("email", "e mail", "email address", "e mail address", "adresse e mail", "adresse email", "courriel",
              "mail", "adresse de messagerie", "e mail 1 value", "e mail 1 valeur", "email 1", "work email",
              "business email", "adresse mail", "email pro", "e mail professionnel", "primary email"),
    "phone": ("phone", "telephone", "tel", "phone number", "business phone", "work phone", "phone 1 value",
              "telephone bureau", "telephone professionnel", "tel bureau", "telephone fixe", "numero de telephone",
              "primary phone", "office phone", "tel fixe", "telephone (bureau)", "standard", "company phone"),
    "mobile": ("mobile", "mobile phone", "mobile phone number", "cell", "cell phone", "cellphone", "portable",
               "telephone portable", "tel portable", "tel mobile", "gsm", "phone 2 value", "mobile number",
               "telephone mobile", "numero de portable"),
    "address": ("address", "adresse", "street", "street address", "business street", "rue", "adresse 1",
                "address line 1", "address 1 street", "rue bureau", "adresse postale"),
    "postal_code": ("postal code", "postcode", "zip", "zip code", "code postal", "cp", "business postal code",
                    "address 1 postal code", "code postal bureau", "postal_code"),
    "city": ("city", "ville", "town", "business city", "address 1 city", "ville bureau", "localite", "commune"),
    "country": ("country", "pays", "country region", "business country region", "address 1 country",
                "pays region bureau", "pays region"),
    "website": ("website", "web site", "site web", "site internet", "url", "web page", "page web",
                "website url", "website 1 value", "site", "linkedin", "profile url", "linkedin url"),
    "prospect_notes": ("notes", "note", "comment", "comments", "commentaire", "commentaires", "remarques",
                       "observations", "prospect notes", "prospect_notes", "lead notes", "notes du salon"),
    "project_notes": ("project notes", "project_notes", "notes projet", "notes du projet"),
    "project_summary": ("project summary", "project_summary", "projet", "project", "resume du projet", "besoin",
                        "need", "interest in", "opportunity", "opportunite"),
    "status": ("status", "statut", "etat", "deal status"),
    "stage": ("stage", "etape", "lifecycle stage", "lead status", "deal stage", "phase", "detail", "pipeline stage"),
    "channel": ("channel", "canal", "source", "lead source", "original source", "origine", "provenance",
                "canal d acquisition"),
    "direct_approach": ("direct approach", "direct_approach", "approche directe"),
    "owner": ("owner", "contact owner", "lead owner", "commercial", "responsable", "proprietaire", "assigned to",
              "sales rep", "vendeur", "suivi par", "account owner"),
    "campaign": ("campaign", "campagne", "event", "evenement", "salon", "trade show", "show", "event name"),
    "interest": ("interest", "interet", "probability", "probabilite", "interest %", "chance"),
    "project_due": ("project due", "project_due", "expected close date", "close date", "date de conclusion",
                    "echeance", "date prevue", "date du projet", "due date"),
    "expected_revenue": ("expected revenue", "expected_revenue", "amount", "montant", "ca prevu", "ca estime",
                         "budget", "deal amount", "revenue", "chiffre d affaires prevu", "valeur"),
    "rating": ("rating", "note etoiles", "etoiles", "stars", "lead rating", "score", "qualification", "rank",
               "priorite", "priority", "temperature"),
    "closed_on": ("closed on", "closed_on", "date de cloture", "close date actual", "closed date"),
    "loss_reason": ("loss reason", "loss_reason", "raison de la perte", "motif de perte", "lost reason",
                    "closed lost reason"),
    "door_info": ("door info", "door_info", "digicode", "code porte", "acces", "access info", "door code"),
    "birth_date": ("birth date", "birth_date", "birthday", "date of birth", "date de naissance", "anniversaire",
                   "naissance", "dob"),
    "external_ref": ("external ref", "external_ref", "reference", "ref", "badge id", "badge", "badge number",
                     "numero de badge", "record id", "contact id", "lead id", "id externe", "code client"),
    "sector": ("sector", "secteur", "industry", "secteur d activite", "activite", "branche"),
    "client_type": ("client type", "client_type", "type de client", "customer type", "type", "segment"),
    "categories": ("categories", "category", "categorie", "labels", "tags", "etiquettes", "group membership"),
    "created_at": ("created at", "created_at", "date de creation", "create date", "created", "creation date"),
}
_LOOKUP = {alias: target for target, aliases in _ALIASES.items() for alias in aliases}
_SYSTEM = {c.replace("_", " ") for c in SYSTEM_COLUMNS}
# Google / Outlook numbered and prefixed columns: "E-mail 2 - Value", "Phone 3 - Type", "Home Street"...
_NUMBERED = re.compile(r"^(e mail|email|phone|telephone|address|website|organization|relation|im|event) (\d+) (.+)$")
_IGNORED_WORDS = re.compile(r"(^| )(type|label|libelle|display name|nom complet affiche|phonetic|yomi)( |$)")


def normalise_header(header: str) -> str:
    """Lower case, no accents, words separated by one space: "E-mail 1 - Value" -> "e mail 1 value"."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(header)).split())


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
        custom = by_label.get(fold(header).strip())
        targets.append(custom or guess_target(header))
    if "first_name" in targets and FULL_NAME in targets:
        for i, target in enumerate(targets):
            if target == FULL_NAME and normalise_header(headers[i]) in ("nom", "name"):
                targets[i] = "last_name" if "last_name" not in targets else IGNORE
    for i, target in enumerate(targets):
        if target == "civility":
            values = [r[i] for r in rows[:200] if i < len(r) and r[i]]
            # "Title" is a job title in many badge exports: civilities are short.
            if values and sum(len(v.strip()) > 6 for v in values) > len(values) / 2:
                targets[i] = "job_title" if "job_title" not in targets else IGNORE
    return targets


def header_signature(headers: list[str]) -> str:
    """The same columns (whatever their case or accents) give the same signature."""
    text = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


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
