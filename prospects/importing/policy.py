"""The duplicate policy, row by row: each lead of a file against the prospects and contacts already
known and the rows before it (`duplicates` finds who it is the same person as), then created, skipped,
or filling the blanks of what it duplicates, as the person importing chose (`Policy`). Nothing is
ever erased, and nothing is written here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prospects.domain import Prospect
from prospects.domain.identity import IdentityKeys, KeyColumns, keys_of_record, person_key
from prospects.domain.leads import Leads
from prospects.errors import Term
from prospects.importing.duplicates import (
    DuplicateIndex,
    KeyArrays,
    Match,
    Policy,
    each_key,
    lone_rows,
    lookup_keys,
    shared_keys,
)
from prospects.importing.mapping import CUSTOM_PREFIX
from prospects.importing.report import DUPLICATE_CODES, SKIP, UPDATE, Issue, Known, RowOutcome, issue
from prospects.importing.staging import Staged

Progress = Callable[[float], None]

# Fields an update may fill when empty (never status, stage or yes/no flags, whose "empty" is a value).
FILLABLE = (
    "civility", "last_name", "first_name", "company", "job_title", "email", "phone", "mobile", "address",
    "postal_code", "city", "country", "website", "prospect_notes", "project_notes", "project_summary",
    "channel", "owner_id", "campaign", "interest", "project_due", "expected_revenue", "rating", "door_info",
    "birth_date", "external_ref", "sector", "client_type", "categories",
)
NAME_FIELDS = frozenset({"first_name", "last_name"})
# The rows decided between two calls of the progress callback.
_PROGRESS_EVERY = 5000


class Decider:
    """Decides the leads of one file in file order, remembering each lead it lets through so that the
    rows after it are judged against it too."""

    def __init__(self, known: Known, policy: Policy, country: str) -> None:
        self.known = known
        self.policy = policy
        self.country = country
        self.index = DuplicateIndex(country)
        self.existing: dict[int, Prospect] = {}
        self.outcomes_by_row: dict[int, RowOutcome] = {}
        self.update_of: dict[int, RowOutcome] = {}
        self.shared: set[tuple[str, str]] = set()  # keys held by more than one row of the file
        self.late: set[tuple[str, str]] = set()  # keys of the records merged on the way (`_merged`)

    def decide(
        self, staged: Staged, keys: KeyColumns, progress: Progress | None = None, arrays: KeyArrays | None = None,
    ) -> list[RowOutcome]:
        """Each lead (with its identity keys; `arrays`: the same as Arrow arrays, when there are) against the
        prospects and contacts already known and the rows before it, in file order. Of the known records, only
        those that share a key with the file are given."""
        self.index.add_known(self.known.records)
        self.shared = shared_keys(keys, arrays)
        # A lead none of whose keys another lead holds, nor a known record, nor a record merged on the way
        # (`late`: keys that no single lead holds), meets nobody.
        alone = lone_rows(keys, set(self.shared).union(self.index.by_key), arrays)
        rows = staged.rows
        total = len(rows)
        for start in range(0, total, _PROGRESS_EVERY):
            self._decide_rows(rows[start:start + _PROGRESS_EVERY], staged.leads, keys, alone)
            if progress:
                progress(0.4 + 0.3 * start / max(total, 1))
        return [outcome for outcome, _ in rows]

    def _decide_rows(self, rows: list[tuple[RowOutcome, int | None]], leads: Leads, keys: KeyColumns,
                     alone: list[bool]) -> None:
        """Rows of the file, in file order (a rejected row, without a lead, stays as it is).

        A row none of whose keys another row of the file holds or the index holds when its turn comes (most
        rows of a show's file) meets nobody: it is created without a look at the index (`find` would find
        nothing: a record holding its all-keys key would hold each of its keys). Such a row neither reads
        nor changes what the others read, so until a record is merged on the way (`late`: never under the
        skip or create policy) the others are decided first, then these all at once; after a merge, each
        row in turn, its keys against `late`."""
        done = 0 if self.late else len(rows)  # the rows before it meet no late key
        if not self.late:
            for position in [i for i, (_, lead) in enumerate(rows) if lead is not None and not alone[lead]]:
                outcome, lead = rows[position]
                self._decide(outcome, leads, lead, keys)
                if self.late:
                    done = position + 1
                    break
        for outcome, lead in rows[:done]:
            if lead is not None and alone[lead]:  # as `_created` would, its keys those of its lead
                outcome.code = "created"
                outcome.leads, outcome.index = leads, lead
        for outcome, lead in rows[done:]:
            if lead is None:
                continue
            if alone[lead] and self.late.isdisjoint(each_key(keys.at(lead))):
                outcome.code = "created"
                outcome.leads, outcome.index = leads, lead
            else:
                self._decide(outcome, leads, lead, keys)

    def _decide(self, outcome: RowOutcome, leads: Leads, lead: int, file_keys: KeyColumns) -> RowOutcome:
        """One row whose lead may meet someone: `lead` of `leads`, its keys in `file_keys`."""
        keys = file_keys.at(lead)
        lookups = lookup_keys(keys)
        match = self.index.find(keys, lookups)
        policy = self.policy
        outcome.match = match
        outcome.code = "created"
        if match is None or not match.same or policy is Policy.CREATE:
            # Only a possible duplicate (a key agrees, the rest contradicts it), or duplicates wanted: created.
            if match is not None:
                outcome.issues.append(_duplicate("import.issue.suspected_duplicate", match))
            return self._created(outcome, leads, lead, keys, lookups)
        outcome.code = DUPLICATE_CODES[match.by]
        # Skipped as it is: under the skip policy, or a prospect the importing rep may not see (another
        # rep's deal is never filled in by their file; the service hands in only the visible ones).
        if policy is Policy.SKIP or (match.kind == "prospect" and match.id not in self.known.prospects):
            outcome.action = SKIP
            outcome.why = _duplicate("import.skip.duplicate", match)
            return outcome
        prospect = leads.prospect(lead)
        # Update: fill the empty fields of what it duplicates.
        if match.kind == "contact":  # created, linked to the contact it duplicates
            outcome.code = "created"
            outcome.prospect = prospect.replace(contact_id=match.id)
            outcome.issues.append(_duplicate("import.issue.suspected_duplicate", match))
            self._remember(outcome.row, keys, lookups)
            self.outcomes_by_row[outcome.row] = outcome
            return outcome
        if match.kind == "row":
            earlier = self.outcomes_by_row.get(match.id)
            if earlier is not None and earlier.prospect is not None:
                filled = _fill_blanks(earlier.prospect, prospect)
                if filled:
                    earlier.prospect = earlier.prospect.replace(**{k: v for k, (_, v) in filled.items() if not k.startswith(CUSTOM_PREFIX)})
                    self._merged(("row", match.id), earlier.prospect)
            outcome.action = SKIP
            outcome.why = _duplicate("import.skip.merged", match)
            return outcome
        existing = self._existing(match.id)
        first_update = self.update_of.get(match.id)
        base = existing
        if first_update is not None:
            base = existing.replace(**{k: v for k, (_, v) in first_update.changes.items() if not k.startswith(CUSTOM_PREFIX)})
        changes = _fill_blanks(base, prospect)
        if not changes:
            outcome.action = SKIP
            outcome.why = _duplicate("import.skip.nothing_new", match)
            return outcome
        self._merged(("prospect", match.id), base.replace(**{k: v for k, (_, v) in changes.items() if not k.startswith(CUSTOM_PREFIX)}))
        if first_update is not None:
            first_update.changes.update(changes)
            outcome.action = SKIP
            outcome.why = _duplicate("import.skip.merged", match)
            return outcome
        outcome.action = UPDATE
        outcome.target_id = match.id
        outcome.changes = changes
        outcome.why = _duplicate("import.update.duplicate", match)
        self.update_of[match.id] = outcome
        return outcome

    def _created(self, outcome: RowOutcome, leads: Leads, lead: int, keys: IdentityKeys,
                 lookups: list[tuple[str, str]]) -> RowOutcome:
        """A row whose lead is created as it is (its prospect built from the file's leads when someone asks),
        remembered for the rows after it."""
        outcome.leads, outcome.index = leads, lead
        self._remember(outcome.row, keys, lookups)
        self.outcomes_by_row[outcome.row] = outcome
        return outcome

    def _remember(self, row: int, keys: IdentityKeys, lookups: list[tuple[str, str]]) -> None:
        """A created row, for the rows after it: indexed under its keys when another row of the file holds
        one of them; else only its keys are kept (for the store): no later row can look it up, and most rows
        of a badge file are such rows."""
        if self.shared.isdisjoint(lookups):
            self.index.records[("row", row)] = keys
        else:
            self.index.add_row(row, keys, lookups)

    def _merged(self, ref: tuple[str, int], merged: Prospect) -> None:
        """A record whose blanks a row filled is judged by its new keys for the rows after it, as it will
        be by the next import (an e-mail it gained now contradicts another e-mail)."""
        keys = keys_of_record(merged, self.country)
        lookups = lookup_keys(keys)
        self.late.update(lookups)
        self.index.add(ref, keys, lookups)

    def _existing(self, prospect_id: int) -> Prospect:
        if prospect_id not in self.existing:
            self.existing[prospect_id] = self.known.prospects[prospect_id]
        return self.existing[prospect_id]


def _duplicate(key: str, match: Match) -> Issue:
    """A duplicate's reason or warning: what it duplicates ("prospect #12") and by which key ("same e-mail")."""
    return issue(key, what=issue(f"import.match.{match.kind}", id=match.id), by=Term(f"import.by.{match.by}"))


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == ()


def _fill_blanks(existing: Prospect, new: Prospect) -> dict[str, tuple[Any, Any]]:
    """Fields empty in `existing` that `new` has: field -> (old, new). Nothing is ever erased.

    A row that names the same person with its words in the other name field ("Cœur" as a first name
    for a last name "Cœur", word order being ignored) fills no name: that would write the name twice
    and change the record's name key, so the same file imported again would no longer find it."""
    same_name = person_key(existing.first_name, existing.last_name) == person_key(new.first_name, new.last_name)
    changes = {}
    for name in FILLABLE:
        if same_name and name in NAME_FIELDS:
            continue
        old, value = getattr(existing, name), getattr(new, name)
        if _blank(old) and not _blank(value):
            changes[name] = (old, value)
    for field_id, value in new.custom.items():
        if _blank(existing.custom.get(field_id)) and not _blank(value):
            changes[f"{CUSTOM_PREFIX}{field_id}"] = (existing.custom.get(field_id), value)
    return changes
