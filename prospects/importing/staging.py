"""A file's rows as candidate prospects, before any duplicate is looked for (`policy` decides those):
each mapped column's cells cleaned into prospect fields (once per distinct cell when the value depends
on the cell alone), values matched against the settings lists, dates checked, and a row with nothing
to tell who it is rejected. A cell that cannot be read is kept in its row's notes, never lost.

The rows become leads column by column (`domain.leads.Leads`): no Python object per lead on the way
to the store, a lead's `Prospect` built only when something asks for it."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from prospects.domain import KEEPS_WHITESPACE, FieldType, Prospect, Status, fold
from prospects.domain.identity import phone_region
from prospects.domain.leads import Leads
from prospects.domain.rules import at_the_door_of_plain, cents, display_name
from prospects.errors import Term
from prospects.importing import normalising as norm
from prospects.importing.countries import country_in_address
from prospects.importing.lists import DATE_TARGETS, _Lists, column_formats
from prospects.importing.mapping import (
    CUSTOM_PREFIX,
    FULL_NAME,
    LIST_TARGETS,
    NEXT_ACTION,
    NEXT_ACTION_DATE,
    date_reading_mapping,
    is_system_column,
    split_full_name,
)
from prospects.importing.report import (
    CREATE,
    REJECT,
    Context,
    ImportOptions,
    ImportSource,
    Issue,
    RowOutcome,
    issue,
    list_items,
)

NOTE_TARGETS = ("prospect_notes", "project_notes")
# Targets whose cell is only trimmed (checked first: most columns of a file are these).
PLAIN_TEXT = frozenset((
    "last_name", "first_name", FULL_NAME, "company", "job_title", "address", "city", "country", "website",
    "prospect_notes", "project_notes", "project_summary", "campaign", "door_info", "external_ref",
))
# Targets whose value depends on the cell alone and adds no warning when it is valid.
MEMO_TARGETS = PLAIN_TEXT | {"phone", "mobile", "project_due", "closed_on", "birth_date", "created_at",
                             "expected_revenue", "interest", "rating", "is_company", "direct_approach"}
# Targets whose value depends on the cell alone, warnings included: a column of them is cleaned per distinct cell.
CELL_TARGETS = MEMO_TARGETS | {"email"}
_UNSEEN = object()
# Threads for the e-mail and phone columns read at once (`Stager._read_ahead`): Arrow lets go of Python for
# most of that work, so it goes on while the other columns are staged. Two: a badge file's three such columns
# take ~75 ms one after the other, ~55 ms two at a time, and the staging would otherwise wait for them.
_AHEAD = ThreadPoolExecutor(max_workers=2, thread_name_prefix="prospects-staging")
_AT_ONCE = ("email", "phone", "mobile")  # the targets read a column at once (`normalising.emails_of`, `phones_of`)
_MULTI = " ::: "


def _has_multi_values(cells: list[str], emails: bool = False) -> bool:
    """Whether some cell of a column holds several values (`split_values`), asked of the whole column
    joined by line feeds (scans of one string): " ::: " holds no line feed, so it is in the joined text
    only when in a cell; some cell holds two "@" when the column holds more "@" than cells with one."""
    joined = "\n".join(cells)
    if _MULTI in joined:
        return True
    return emails and joined.count("@") > sum(map(operator.contains, cells, itertools.repeat("@")))


def split_values(text: str, emails: bool = False) -> list[str]:
    """The values of one cell: Google's " ::: " between any values; for e-mails also ";" or ","
    (only between addresses: a cell with one "@" is one value)."""
    parts = text.split(_MULTI) if _MULTI in text else [text]
    if emails and text.count("@") > 1:
        parts = [p for part in parts for p in re.split(r"[;,]", part)]
    return [p.strip() for p in parts if p.strip()]
IDENTITY_TARGETS = ("last_name", "first_name", FULL_NAME, "company", "email", "phone", "mobile")
_PROSPECT_FIELDS = frozenset(f.name for f in dataclasses.fields(Prospect))
_PROSPECT_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Prospect) if f.default is not dataclasses.MISSING}
# Issues most rows of some files share: one object each, never built again per row.
NO_OWNER = Issue("import.issue.no_owner")
NO_IDENTITY = Issue("import.reject.no_identity")
NEXT_STEP_NO_DATE = "import.issue.next_step_no_date"
DEFAULT_FIRST_ACTION = Term("import.first_action.default_title")



@dataclass
class Staged:
    """Each row of a file in order: its outcome so far, and the position of its lead in `leads` (None:
    rejected already)."""

    rows: list[tuple[RowOutcome, int | None]]
    leads: Leads

    def __len__(self) -> int:
        return len(self.rows)


class Stager:
    """Turns the rows of one file into leads, with the mapping, formats and lists the import was given."""

    def __init__(self, context: Context, source: ImportSource, options: ImportOptions, batch_id: int | None) -> None:
        self.today = date.today()
        self.source = source
        self.options = options
        self.mapping = options.mapping or source.mapping
        self._mapped = [(i, target) for i, target in enumerate(self.mapping) if target]
        self.translations = {
            target: {fold(k).strip(): v for k, v in values.items() if v}
            for target, values in ((options.translations if options.translations is not None else source.translations) or {}).items()
        }
        self.lists = _Lists(context)
        self.country = context.country
        self.words = context.notes
        self.custom = {f"{CUSTOM_PREFIX}{f.id}": f for f in context.custom_fields}
        self.headers = source.headers
        self.notices: list[Issue] = []
        self._countries: set[str] = set()
        self._ahead: dict[str, tuple[list[str], str | None, Future[tuple[list[Any], dict[str, norm.CellError]]]]] = {}
        self._kept_lines: list[str] | None = None
        self._decide_formats()
        first_stage = next(iter(self.lists.stages.values()), None)
        active = context.active_stage_ids
        self.default_stage = options.stage_id or (active[0] if active else first_stage.id if first_stage else None)
        batch = {"stage_id": self.default_stage, "owner_id": options.owner_id, "channel": options.channel,
                 "campaign": options.campaign}
        # A lead's defaults: the batch's stage, owner, channel and campaign where its row has none (a cell
        # never gives an empty value).
        self._defaults = {**_PROSPECT_DEFAULTS, "batch_id": batch_id, **{k: v for k, v in batch.items() if v}}

    def _decide_formats(self) -> None:
        """Date order and decimal mark per column, from all of its values (or the order the user chose)."""
        formats = column_formats(self.source, date_reading_mapping(self.mapping), self.custom, self.country)
        self.decimal_marks = formats.decimal_marks
        self.date_formats = formats.dates
        chosen = self.options.date_orders or {}
        for i, order in formats.ambiguous.items():
            if chosen.get(i) in (norm.DMY, norm.MDY):
                self.date_formats[i] = norm.DateFormat(chosen[i], False)
            else:
                self.notices.append(issue("import.notice.date_assumed", column=self.headers[i],
                                          format="dd/mm/yyyy" if order == norm.DMY else "mm/dd/yyyy"))

    # -- the rows, column by column --------------------------------------------

    def stage(self) -> Staged:
        """Every row of the file as a lead to decide about (or rejected), built column by column: a
        column's distinct cells are cleaned once, in one pass, and each row still gets its warnings
        in the order of its columns."""
        table = self.source.table
        rows = table.rows
        outcomes = [RowOutcome(number, CREATE) for number in table.row_numbers]
        notes: dict[int, list[str]] = {}
        texts = self._texts(rows, notes)
        identity = _known_by([texts[target][1] for target in IDENTITY_TARGETS if target in texts], len(rows))
        if not all(identity):  # a row without name, company, email or phone is rejected as it is
            unknown = list(itertools.compress(range(len(rows)), map(operator.not_, identity)))
            for _columns, cells in texts.values():  # the staging's own lists: blanked in place
                for index in unknown:
                    cells[index] = ""
        first_actions = self._first_actions(texts, outcomes, notes)
        columns: dict[str, list[Any]] = {}
        custom: dict[int, dict[int, Any]] = {}
        # The countries the rows name, asked by each phone column and the postal codes: collected once.
        self._countries = set(texts["country"][1]) if "country" in texts else set()
        self._read_ahead(texts)
        for target, (sources, cells) in texts.items():
            self._convert_column(target, sources, cells, texts, columns, custom, outcomes, notes)
        for outcome in outcomes if table.warnings else ():
            for key, params in table.warnings.get(outcome.row, ()):
                outcome.warn(key, **params)
        leads = self._leads(columns, custom, notes, outcomes, identity)
        names = self._names(leads, identity)
        staged: list[tuple[RowOutcome, int | None]] = list(zip(outcomes, range(len(outcomes)), strict=True))
        for outcome, name in zip(outcomes, names, strict=True):
            outcome.name = name
        for index in itertools.compress(range(len(outcomes)), map(operator.not_, identity)):
            outcome = outcomes[index]
            outcome.action, outcome.why, outcome.code, outcome.name = REJECT, NO_IDENTITY, "no_identity", ""
            staged[index] = (outcome, None)
        if first_actions:
            for index, found in first_actions.items():
                if identity[index]:
                    outcomes[index].first_action = found
        if table.rejected:  # rows the file left unreadable, rejected in their place among the others
            unread: list[tuple[RowOutcome, int | None]] = []
            for r in table.rejected:
                why = issue(r.key, **r.params)
                unread.append((RowOutcome(r.row, REJECT, code=why.code, why=why), None))
            staged = sorted(staged + unread, key=lambda item: item[0].row)
        return Staged(staged, leads)

    def _leads(
        self, columns: dict[str, list[Any]], custom: dict[int, dict[int, Any]], notes: dict[int, list[str]],
        outcomes: list[RowOutcome], identity: list[bool],
    ) -> Leads:
        """The rows' fields as leads, column by column: a full name split when the row has no first or last
        name (else kept in the notes when it names someone else), the batch's defaults where a row gives
        nothing, a person's or a company's "is company", the kept notes, the date rules, and the
        warning of a lead without an owner."""
        count = len(outcomes)
        full = columns.pop(FULL_NAME, None)
        if full is not None:
            firsts = columns.setdefault("first_name", [None] * count)
            lasts = columns.setdefault("last_name", [None] * count)
            for index, text in enumerate(full):
                if not text:
                    continue
                first, last = firsts[index], lasts[index]
                if not (first or last):
                    split_first, split_last = split_full_name(text)
                    if first is None:
                        firsts[index] = split_first
                    if last is None:
                        lasts[index] = split_last
                elif sorted(fold(text).split()) != sorted(fold(f"{first or ''} {last or ''}").split()):
                    notes.setdefault(index, []).append(f"{self.words.full_name}: {text}")
        for target, name in (("stage", "stage_id"), ("owner", "owner_id")):
            if target in columns:
                columns[name] = columns.pop(target)
        # A company without a first or last name beside it is a firm: the rows without a first name are
        # looked at for a last name, those without either for a company (most rows name a person).
        person_or_firm = [False] * count
        if "company" in columns:
            unnamed: Iterable[int] = range(count)
            for name in ("first_name", "last_name"):
                if name in columns:
                    unnamed = list(itertools.compress(unnamed, map(operator.not_, map(columns[name].__getitem__, unnamed))))
            companies = columns["company"]
            for index in unnamed:
                person_or_firm[index] = bool(companies[index])
        given = columns.get("is_company")
        columns["is_company"] = person_or_firm if given is None else [
            derived if value is None else value for value, derived in zip(given, person_or_firm, strict=True)]
        if "status" in columns:
            columns["status"] = [None if value is None else Status(value) for value in columns["status"]]
        lines = self._kept_lines  # the unmapped columns' lines of each row, before its other notes
        if notes or lines:  # each row's kept lines after the notes of its cells (the empty ones left out)
            kept = columns.setdefault("prospect_notes", [None] * count)
            if lines:
                lines = list(lines)
                for index, later in notes.items():
                    later.insert(0, lines[index])
                    lines[index] = ""
            for index, added in zip(notes, map("\n".join, map(functools.partial(filter, None), notes.values())),
                                    strict=True):
                known = kept[index]
                kept[index] = f"{known}\n{added}" if known and added else known or added
            if lines:  # the rows whose only notes are those lines: a pass over the column
                columns["prospect_notes"] = [(f"{known}\n{line}" if known else line) if line else known
                                             for known, line in zip(kept, lines, strict=True)]
        columns["custom"] = [custom.get(index) or {} for index in range(count)] if custom else [{} for _ in range(count)]
        unknown = set(columns) - _PROSPECT_FIELDS
        if unknown:
            raise ValueError(f"not a field of a prospect: {sorted(unknown)}")
        leads = Leads.filled(count, columns, self._defaults)
        if "closed_on" in columns or "birth_date" in columns:
            closed, born = leads.columns["closed_on"], leads.columns["birth_date"]
            for index in range(count):
                if identity[index] and (closed[index] is not None or born[index] is not None):
                    prospect = leads.prospect(index)
                    checked = self._dates_checked(prospect, outcomes[index])
                    if checked is not prospect:
                        leads.put(index, checked)
        owners = leads.columns["owner_id"]
        if not all(owners):
            for outcome, owner, known in zip(outcomes, owners, identity, strict=True):
                if known and not owner:
                    outcome.issues.append(NO_OWNER)
        return leads

    @staticmethod
    def _names(leads: Leads, identity: list[bool]) -> list[str]:
        """`Prospect.display_name` of each lead, worked out once per distinct first and last name: the rule
        names the person first whatever the other fields hold, and a file repeats names."""
        columns = leads.columns
        firsts, lasts = columns["first_name"], columns["last_name"]
        people = _ValueOfEach(lambda pair: display_name(pair[0], pair[1], None))
        names = list(map(people.__getitem__, zip(firsts, lasts, strict=True)))
        if not all(names):
            others = [columns[name] for name in ("company", "email", "phone", "mobile")]
            for index, name in enumerate(names):
                if not name and identity[index]:
                    names[index] = display_name(None, None, *(values[index] for values in others))
        return names

    def _texts(self, rows: list[list[str]], notes: dict[int, list[str]]) -> dict[str, tuple[list[int], list[str]]]:
        """For each target, in the order of its first column: the column each row's text comes from, and
        the text. Several columns for one target: notes are joined, the first other value wins and the
        differing ones go to the row's notes."""
        groups: dict[str, list[int]] = {}
        for i, target in self._mapped:
            groups.setdefault(target, []).append(i)
        raw = _columns_of(rows, max(len(self.headers), len(self.mapping)))
        texts = {}
        for target, columns in groups.items():
            i = columns[0]
            # Notes and custom text keep their surrounding whitespace (the door rule says why).
            custom = self.custom.get(target)
            keep = target in KEEPS_WHITESPACE or (custom is not None and custom.type is FieldType.TEXT)
            texts[target] = ([i] * len(rows), _blank_or_as_is(raw[i]) if keep else self._trimmed(raw[i]))
        multiple = [(i, target) for i, target in self._mapped if groups[target][0] != i]
        if multiple:
            for index, row in enumerate(rows):
                for i, target in multiple:
                    text = row[i].strip() if i < len(row) else ""
                    if not text:
                        continue
                    columns, cells = texts[target]
                    if not cells[index]:
                        columns[index], cells[index] = i, text
                    elif target in NOTE_TARGETS:
                        cells[index] = f"{cells[index]}\n{self.headers[i]}: {text}"
                    elif norm.clean_text(text) != norm.clean_text(cells[index]):
                        notes.setdefault(index, []).append(f"{self.headers[i]}: {text}")
        self._split_multi_values(texts, notes)
        self._country_from_address(texts)
        self._keep_unmapped_columns(raw, notes)
        return texts

    def _trimmed(self, cells: Sequence[str]) -> list[str]:
        """A column's cells without their surrounding whitespace (as they are when the reader proved no
        cell has any: `RawTable.trimmed`; the very list `_columns_of` made for this staging, not a copy)."""
        if not self.source.table.trimmed:
            return list(map(str.strip, cells))
        return cells if isinstance(cells, list) else list(cells)

    def _country_from_address(self, texts: dict[str, tuple[list[int], list[str]]]) -> None:
        """A row without a country (no country column, or an empty cell) takes the country its address
        ends with ("..., IL 62704, USA"): its phone is read there and its country filled as written. The
        dry run says how many rows; the others keep the default country."""
        if "address" not in texts:
            return
        address_columns, addresses = texts["address"]
        columns, cells = texts.get("country", ([], []))
        if cells and all(cells):
            return
        # The rows with an address and no country (all the rows with an address when there is no country column).
        bare = itertools.compress(range(len(addresses)), addresses if not cells else map(operator.not_, cells))
        found = {index: country for index in bare
                 if (address := addresses[index]) and (country := country_in_address(address))}
        if not found:
            return
        if not cells:
            columns, cells = [address_columns[0]] * len(addresses), [""] * len(addresses)
            texts["country"] = (columns, cells)
        for index, country in found.items():
            columns[index], cells[index] = address_columns[index], country
        self.notices.append(issue("import.notice.country_from_address", count=len(found)))

    def _read_ahead(self, texts: dict[str, tuple[list[int], list[str]]]) -> None:
        """The e-mail and phone columns that `_convert_distinct` will read at once, started on a thread now, with
        the arguments it will give (the same cells, the phones' one region): it takes the result when they
        match (`_at_once`), and reads the column itself otherwise, so a guess here never changes a value."""
        for target in texts:  # in the order the staging will ask for them
            if target not in _AT_ONCE or target in self.custom:
                continue
            region = None
            if target != "email":
                by_country = "country" in texts and any(texts["country"][1])
                regions = {self._region(country) for country in self._countries} if by_country else {self.country}
                if len(regions) != 1:  # read region by region, each a column of its own
                    continue
                region = regions.pop()
            cells = texts[target][1]
            self._ahead[target] = (cells, region, _AHEAD.submit(_read_at_once, target, cells, region))

    def _at_once(self, target: str, cells: list[str], region: str | None) -> tuple[list[Any], dict[str, norm.CellError]]:
        """`_read_at_once` of a column: the one `_read_ahead` started when it was given the same cells and region."""
        ahead = self._ahead.pop(target, None)
        if ahead is not None and ahead[0] is cells and ahead[1] == region:
            return ahead[2].result()
        return _read_at_once(target, cells, region)

    def _region(self, country: str) -> str:
        """The region a row's phone is read in: its country (a name in any usual language, or a code),
        else the default country."""
        return phone_region(country, self.country)

    def _first_actions(
        self, texts: dict[str, tuple[list[int], list[str]]], outcomes: list[RowOutcome], notes: dict[int, list[str]],
    ) -> dict[int, tuple[str | None, date]]:
        """Each row's first action from the file's next step: (title, day), the title None for the default
        one. Words beside a date column are the title and that column the day; a next-step column of dates
        alone gives the day. A next step with no readable date is kept in the notes, with a warning."""
        step = texts.pop(NEXT_ACTION, None)
        when = texts.pop(NEXT_ACTION_DATE, None)
        if (step is None and when is None) or not outcomes:
            return {}
        found: dict[int, tuple[str | None, date]] = {}
        for index, outcome in enumerate(outcomes):
            words = step[1][index] if step else ""
            day_text = when[1][index] if when else ""
            if not (words or day_text):
                continue
            words_day = self._day(step, index) if words else None
            due = self._day(when, index) if day_text else words_day
            if due is not None:
                found[index] = (norm.clean_text(words) if words and words_day is None else None, due)
                continue
            kept = notes.setdefault(index, [])
            if day_text:
                self._warn(outcome, kept, when[0][index], NEXT_STEP_NO_DATE, day_text)
            if words and day_text:
                kept.append(self.words.kept_note(self.headers[step[0][index]], words))
            elif words:
                self._warn(outcome, kept, step[0][index], NEXT_STEP_NO_DATE, words)
        self._say_first_actions(step, when)
        return found

    def _day(self, texts: tuple[list[int], list[str]] | None, index: int) -> date | None:
        """A next-step cell's date, read by the date rule of its column; None when it holds no date."""
        if texts is None:
            return None
        column, text = texts[0][index], texts[1][index]
        fmt = self.date_formats.get(column) or norm.DateFormat(norm.DMY, True)
        try:
            return norm.parse_date(text, fmt)
        except norm.CellError:
            return None

    def _say_first_actions(self, step: tuple[list[int], list[str]] | None, when: tuple[list[int], list[str]] | None) -> None:
        """The dry run says where the first actions' titles and days come from."""
        if step is not None and when is not None:
            self.notices.append(issue("import.notice.first_action_titled", step=self.headers[step[0][0]],
                                      date=self.headers[when[0][0]], title=DEFAULT_FIRST_ACTION))
        else:
            column = (step or when)[0][0]
            self.notices.append(issue("import.notice.first_action_dated", column=self.headers[column],
                                      title=DEFAULT_FIRST_ACTION))

    def _split_multi_values(self, texts: dict[str, tuple[list[int], list[str]]], notes: dict[int, list[str]]) -> None:
        """Cells with several values (Google's "a@x.fr ::: b@y.fr", e-mails joined by ";" or ","): the
        first goes into the field, a second phone into the other phone field when the row has none,
        and the rest into the row's notes ("Also: ..."). A row is never refused for such a cell."""
        for target in ("email", "phone", "mobile"):
            if target not in texts:
                continue
            columns, cells = texts[target]
            if not _has_multi_values(cells, emails=target == "email"):
                continue
            other = {"phone": "mobile", "mobile": "phone"}.get(target)
            for index, text in enumerate(cells):
                values = split_values(text, emails=target == "email")
                if len(values) < 2:
                    continue
                cells[index] = values[0]
                rest = values[1:]
                if other is not None:
                    if other not in texts:
                        texts[other] = ([columns[index]] * len(cells), [""] * len(cells))
                    other_columns, other_cells = texts[other]
                    if not other_cells[index]:
                        other_columns[index], other_cells[index] = columns[index], rest.pop(0)
                if rest:
                    notes.setdefault(index, []).append(self.words.also_note(", ".join(rest)))

    def _keep_unmapped_columns(self, raw: list[Sequence[str]], notes: dict[int, list[str]]) -> None:
        """A column that goes to no field is not dropped: each row keeps its "header: value" in its
        notes, and the dry run says which columns (our own export's system columns excepted). `raw`:
        the file's columns (`_columns_of`).

        Such a column is often filled on every row (a badge's scan date): its lines are kept as one
        column of text (`_kept_lines`, a row's lines joined, "" when none) rather than one list per
        row in `notes`, which `_leads` then puts first among each row's later notes. A row that has
        notes already gets its line at the end of them here, in the order it comes."""
        kept: list[str] = []
        lines: list[str] | None = None
        for i, header in enumerate(self.headers):
            if self.mapping[i] if i < len(self.mapping) else False:
                continue
            if is_system_column(header):
                continue
            values = self._trimmed(raw[i])
            if not any(values):
                continue
            kept.append(header)
            # "header: value" where the row has a value, else "": made once per distinct value (such a
            # column often repeats a few), each row given the first of its equal values in one C-level pass.
            seen = {"": ""}
            firsts = list(map(seen.setdefault, values, values))
            line_of = {value: f"{header}: {value}" if value else "" for value in seen}
            column = list(map(line_of.__getitem__, firsts))
            lines = column if lines is None else [f"{a}\n{b}" if a and b else a or b for a, b in zip(lines, column, strict=True)]
        if lines is not None:
            for index, earlier in notes.items():
                if lines[index]:
                    earlier.append(lines[index])
                    lines[index] = ""
        self._kept_lines = lines
        if kept:
            self.notices.append(issue("import.notice.columns_kept", columns=", ".join(f"“{h}”" for h in kept)))

    def _warn(self, outcome: RowOutcome, notes: list[str], column: int, key: str, text: str) -> None:
        outcome.warn(key, value=text, column=self.headers[column])
        notes.append(self.words.kept_note(self.headers[column], text))

    def _convert_column(
        self, target: str, columns: list[int], cells: list[str], texts: dict[str, tuple[list[int], list[str]]],
        fields: dict[str, list[Any]], custom: dict[int, dict[int, Any]], outcomes: list[RowOutcome],
        notes: dict[int, list[str]],
    ) -> None:
        """Clean one target's cells into its column of `fields` (None: no value); a cell that cannot be read
        is kept in its row's notes."""
        field_def = self.custom.get(target)
        # A phone is read in its row's country (a US number with "United States" beside it), a postal
        # code padded by it: those columns go cell by cell when the file has a country column in use.
        by_country = target in ("postal_code", "phone", "mobile") and "country" in texts and any(texts["country"][1])
        # Every cell from one column (counted in C: not a set of the rows' column numbers, one per cell).
        one_column = bool(columns) and columns.count(columns[0]) == len(columns)
        if field_def is None and target in ("phone", "mobile") and by_country and one_column:
            fields[target] = self._convert_phones_by_region(target, columns[0], cells, texts["country"][1], outcomes, notes)
            return
        if field_def is None and (target in CELL_TARGETS or target in LIST_TARGETS) and one_column:
            fields[target] = self._convert_distinct(target, columns[0], cells, outcomes, notes)
            return
        countries = texts["country"][1] if by_country else None
        if field_def is None and target == "postal_code" and one_column:
            fields[target] = self._convert_postal_codes(columns[0], cells, countries, outcomes, notes)
            return
        # Several columns for one target, a custom field: cell by cell, each distinct (column, cell, country)
        # cleaned once where the value depends on nothing else.
        memo: dict[tuple, Any] | None = {} if target in MEMO_TARGETS or target == "postal_code" else None
        values: list[Any] = [None] * len(cells)
        for index, text in enumerate(cells):
            if not text:
                continue
            column = columns[index]
            country = countries[index] if countries is not None else ""
            try:
                if field_def is not None:
                    value = self._custom_value(field_def.type, column, text)
                    if value is not None:
                        custom.setdefault(index, {})[field_def.id] = value
                    continue
                if memo is not None:
                    key = (column, text, country)
                    value = memo.get(key, _UNSEEN)
                    if value is _UNSEEN:
                        value = memo[key] = self._field_value(target, column, text, country, outcomes[index])
                else:
                    value = self._field_value(target, column, text, country, outcomes[index])
            except norm.CellError as error:
                self._warn(outcomes[index], notes.setdefault(index, []), column, error.key, text)
                continue
            values[index] = value
        if field_def is None:
            fields[target] = values

    def _convert_postal_codes(
        self, column: int, cells: list[str], countries: list[str] | None, outcomes: list[RowOutcome],
        notes: dict[int, list[str]],
    ) -> list[Any]:
        """A postal code column: each distinct (code, its row's country) padded once, then spread over the
        rows (a code is padded by its row's country when the file has a country column in use)."""
        padding = {country: norm.pads_as_french(country, self.country)
                   for country in (self._countries if countries is not None else ("",))}
        if len(set(padding.values())) == 1:  # every row's code padded alike: the code alone decides
            return self._convert_distinct("postal_code", column, cells, outcomes, notes, country=next(iter(padding)))
        rows = list(zip(cells, countries if countries is not None else itertools.repeat(""), strict=False))
        cleaned: dict[tuple[str, str], Any] = {}
        failed: dict[tuple[str, str], norm.CellError] = {}
        probe = RowOutcome(0, CREATE)  # a postal code adds no warning
        for text, country in set(rows):
            if text:
                try:
                    cleaned[(text, country)] = self._field_value("postal_code", column, text, country, probe)
                except norm.CellError as error:
                    failed[(text, country)] = error
        if failed:
            for index, row in enumerate(rows):
                if row in failed:
                    self._warn(outcomes[index], notes.setdefault(index, []), column, failed[row].key, row[0])
        return list(map(cleaned.get, rows))

    def _convert_phones_by_region(
        self, target: str, column: int, cells: list[str], countries: list[str], outcomes: list[RowOutcome],
        notes: dict[int, list[str]],
    ) -> list[Any]:
        """Phones read in their row's country: the rows of each region are cleaned together, each distinct
        number once, by the same vectorised pass as a file without a country column."""
        region_of = {country: self._region(country) for country in self._countries}
        if len(set(region_of.values())) == 1:  # one region for all (a show in one country): no regrouping
            return self._convert_distinct(target, column, cells, outcomes, notes, next(iter(region_of.values())))
        groups: dict[str, list[int]] = {}
        for index, country in enumerate(countries):
            groups.setdefault(region_of[country], []).append(index)
        values: list[Any] = [None] * len(cells)
        for region, indexes in groups.items():
            local_notes: dict[int, list[str]] = {}
            found = self._convert_distinct(target, column, [cells[i] for i in indexes], [outcomes[i] for i in indexes],
                                           local_notes, region)
            for index, value in zip(indexes, found, strict=True):
                values[index] = value
            for local, kept in local_notes.items():
                notes.setdefault(indexes[local], []).extend(kept)
        return values

    def _convert_distinct(
        self, target: str, column: int, cells: list[str], outcomes: list[RowOutcome], notes: dict[int, list[str]],
        region: str | None = None, country: str = "",
    ) -> list[Any]:
        """A column whose value depends on the cell alone: each distinct cell is cleaned once, then the
        values (one per cell, None: none) and the warnings of a value not in a settings list) are spread over the rows.
        `region`: the phones' (else the default country's); `country`: the one every cell is read in."""
        if target in ("email", "phone", "mobile"):  # the column at once, one value per cell
            values, failed = self._at_once(target, cells, None if target == "email" else region or self.country)
            self._spread_failures(column, cells, values, failed, outcomes, notes)
            return values
        if target in PLAIN_TEXT:  # the door rule alone (as `_field_value`): no warning, no failure to look for
            return _door_of_each(cells, target)
        warned: dict[str, list[Issue]] = {}
        failed: dict[str, norm.CellError] = {}
        probe = RowOutcome(0, CREATE)  # collects the warnings of one cell

        def value_of(text: str) -> Any:
            try:
                value = self._field_value(target, column, text, country, probe)
            except norm.CellError as error:
                failed[text] = error
                value = None
            if probe.issues:
                warned[text] = probe.issues
                probe.issues = []
            return value

        values = list(map(_ValueOfEach(value_of).__getitem__, cells))
        if warned:
            for index in itertools.compress(range(len(cells)), map(warned.__contains__, cells)):
                outcomes[index].issues.extend(warned[cells[index]])
        self._spread_failures(column, cells, values, failed, outcomes, notes)
        return values

    def _spread_failures(
        self, column: int, cells: list[str], values: list[Any], failed: dict[str, norm.CellError],
        outcomes: list[RowOutcome], notes: dict[int, list[str]],
    ) -> None:
        """Each row whose cell could not be read gets its warning, and keeps the cell in its notes. Such a
        row has no value (None in `values`): only the cells of those rows are looked up, found in C-level
        passes that compare pointers (no cell of a full column hashed)."""
        if failed:
            valueless = list(itertools.compress(range(len(cells)), map(operator.is_, values, itertools.repeat(None))))
            for index in itertools.compress(valueless, map(failed.__contains__, map(cells.__getitem__, valueless))):
                text = cells[index]
                self._warn(outcomes[index], notes.setdefault(index, []), column, failed[text].key, text)

    def _field_value(self, target: str, column: int, text: str, country: str, outcome: RowOutcome) -> Any:
        if target in PLAIN_TEXT:
            return norm.clean_text(text, target)
        if target == "email":
            return norm.clean_email_cell(text)
        if target in ("phone", "mobile"):
            return norm.clean_phone(text, self._region(country))
        if target in DATE_TARGETS:
            return norm.parse_date(text, self.date_formats[column])
        if target == "created_at":
            return norm.parse_datetime(text, self.date_formats[column])
        if target == "expected_revenue":
            number = norm.parse_number(text, self.decimal_marks.get(column))
            if number < 0:
                raise norm.CellError("import.issue.out_of_range", value=text)
            return cents(number)
        if target == "interest":
            return norm.parse_percent(text, self.decimal_marks.get(column))
        if target == "rating":
            return norm.parse_rating(text, self.decimal_marks.get(column))
        if target in ("is_company", "direct_approach"):
            return norm.parse_bool(text)
        if target == "postal_code":
            return norm.pad_postal_code(norm.clean_text(text) or "", country, self.country)
        if target in LIST_TARGETS:
            return self._list_value(target, text, outcome)
        return norm.clean_text(text, target)

    def _list_value(self, target: str, text: str, outcome: RowOutcome) -> Any:
        items = list_items(target, text)
        resolved = []
        for item in items:
            value = self.lists.resolve(target, item)
            if value is None:
                chosen = self.translations.get(target, {}).get(fold(item).strip())
                value = self.lists.resolve(target, chosen) if chosen else None
            if value is None:
                if target in ("channel", "civility", "loss_reason", "sector", "client_type"):
                    value = norm.clean_text(item)  # kept as typed; the data-quality list says so
                    outcome.warn("import.issue.not_in_list", value=item, field=Term(f"field.{target}"))
                else:
                    raise norm.CellError("import.issue.value_unknown", value=item)
            resolved.append(value)
        if target == "categories":
            return tuple(sorted(set(resolved)))
        return resolved[0] if resolved else None

    def _custom_value(self, kind: FieldType, column: int, text: str) -> Any:
        if kind is FieldType.NUMBER:
            return float(norm.parse_number(text, self.decimal_marks.get(column)))
        if kind is FieldType.DATE:
            return norm.parse_date(text, self.date_formats[column])
        if kind is FieldType.BOOLEAN:
            return norm.parse_bool(text)
        return norm.clean_text(text, "custom")

    def _dates_checked(self, prospect: Prospect, outcome: RowOutcome) -> Prospect:
        """A date against the rules (closed before created, born in the future) is kept in the notes instead."""
        for name, key in _date_problems(prospect, self.today):
            outcome.warn(key)
            kept = getattr(prospect, name)
            extra = self.words.kept_note(self.words.fields.get(name, name), kept)
            prospect = prospect.replace(**{name: None},
                                        prospect_notes="\n".join(p for p in (prospect.prospect_notes, extra) if p))
        return prospect


class _ValueOfEach(dict):
    """The value of each distinct cell of a column (or pair of cells), worked out by `value_of` the first
    time a row asks for it (`__missing__`), an empty cell None: the column's values in one C-level pass
    of look-ups (`map(values.__getitem__, cells)`), without collecting its distinct cells first."""

    def __init__(self, value_of: Any) -> None:
        super().__init__({"": None})
        self.value_of = value_of

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.value_of(text)
        return value


def _read_at_once(target: str, cells: list[str], region: str | None) -> tuple[list[Any], dict[str, norm.CellError]]:
    """The values of an e-mail column, or of a phone column read in `region`, and the cells that could not be read."""
    return norm.emails_of(cells) if target == "email" else norm.phones_of(cells, region or "")


def _door_of_each(cells: list[str], field: str) -> list[str | None]:
    """The door rule of each cell of a column (`norm.clean_text`), worked out once per distinct cell. The
    cells are looked up in one C-level pass that also collects the distinct ones (`dict.setdefault`: a
    row gets the first of its equal cells, an empty one None); those are then asked of the rule all at
    once when they are plain text (`domain.at_the_door_of_plain`), else one by one; a column whose
    distinct cells are their own values (a file's usual column) needs no other pass."""
    seen: dict[str, str | None] = {"": None}
    values = list(map(seen.setdefault, cells, cells))
    distinct = list(seen)[1:]
    cleaned = at_the_door_of_plain(distinct, field)
    if cleaned is None:
        cleaned = [norm.clean_text(text, field) for text in distinct]
    if cleaned == distinct:
        return values
    value_of: dict[str | None, str | None] = dict(zip(distinct, cleaned, strict=True))
    value_of[None] = None
    return list(map(value_of.__getitem__, values))


def _columns_of(rows: list[list[str]], width: int) -> list[Sequence[str]]:
    """The cells of each of the file's `width` columns, in the order of the rows (a row shorter than the
    others has empty cells at its end): the rows turned into columns at once, in one C-level pass."""
    if not rows:
        return [()] * width
    cells = list(itertools.chain.from_iterable(rows)) if width else []
    if len(cells) == width * len(rows) and min(map(len, rows)) == width:
        # Every row of the file's width (the readers pad the rows; as many cells as that, none shorter):
        # all the cells in one list, row after row, then each column a slice of it (faster than zip,
        # which asks each row for each cell).
        return [cells[i::width] for i in range(width)]
    # zip stops at the shortest row: every column it gives is whole, and when it gives them all that is
    # all; zip_longest, twice as slow, pads a short row.
    columns = list(zip(*rows, strict=False))
    if len(columns) < width:
        columns = list(itertools.zip_longest(*rows, fillvalue=""))
    return columns + [("",) * len(rows)] * (width - len(columns))


def _known_by(cells: list[list[str]], count: int) -> list[bool]:
    """For each of `count` rows, whether one of these columns (the identity ones) holds something in it.
    Only the rows empty in a column are looked at in the next one: most rows are known by the first."""
    blank: Iterable[int] = range(count)
    for column in cells:
        asked = column if blank == range(count) else map(column.__getitem__, blank)
        blank = list(itertools.compress(blank, map(operator.not_, asked)))
    known = [True] * count
    for index in blank:
        known[index] = False
    return known


def _blank_or_as_is(cells: Sequence[str]) -> list[str]:
    """Cells whose whitespace may be data: each as it is, or empty when it holds nothing else (only the
    cells of whitespace alone are changed, found in one C-level pass: `str.isspace` of "" is False)."""
    kept = list(cells)
    for index in itertools.compress(range(len(kept)), map(str.isspace, kept)):
        kept[index] = ""
    return kept


def _date_problems(prospect: Prospect, today: date) -> list[tuple[str, str]]:
    """The date rules of a prospect (ranges and emails were checked while reading the cells)."""
    problems = []
    if prospect.closed_on is not None:
        created = prospect.created_at.date() if prospect.created_at else today
        if prospect.closed_on < created:
            problems.append(("closed_on", "error.closed_before_created"))
        elif prospect.status is Status.OPEN:
            problems.append(("closed_on", "error.closed_but_open"))
    if prospect.birth_date is not None and prospect.birth_date > today:
        problems.append(("birth_date", "error.birth_in_future"))
    return problems
