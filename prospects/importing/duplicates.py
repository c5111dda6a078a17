"""The import's side of the identity rule: which prospect, contact or earlier row of the file a new
lead is the same person as (or possibly is), decided by `prospects.domain.identity` for each candidate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, compress, repeat
from operator import lt
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from prospects.domain.identity import IdentityKeys, KeyColumns, KeyKind, decide, keys_of_leads

if TYPE_CHECKING:
    from prospects.importing.staging import Staged


class Policy(StrEnum):
    """What to do with a row that duplicates something already known."""

    SKIP = "skip"
    UPDATE = "update"  # fill the existing prospect's empty fields, never erase
    CREATE = "create"


_RANK = {"prospect": 0, "contact": 1, "row": 2}
# A key shared by more records than this (a switchboard number) is only checked against the first ones.
_MAX_PER_KEY = 50
# The kind of the lookup key made of all the keys of a record: a record with exactly the keys of a row
# (the prospect its previous import created) is found even when each of its keys is one of many.
ALL_KEYS = "all"

Ref = tuple[str, int]  # ("prospect", id), ("contact", id) or ("row", file row number)


class Match(NamedTuple):
    kind: str  # "prospect", "contact" or "row"
    id: int  # prospect or contact id, or the file row number
    by: str  # the kind of key: "email", "source", "phone" or "name"
    same: bool = True  # False: only a possible duplicate (a warning, never a skip)
    key: str = ""


@dataclass
class DuplicateIndex:
    """The identity keys of the known records that share a key with the file, then of the file's rows
    as they are decided; each key points to the records holding it, prospects before contacts before rows."""

    default_country: str
    records: dict[Ref, IdentityKeys] = field(default_factory=dict)
    by_key: dict[tuple[str, str], list[Ref]] = field(default_factory=dict)

    def add(self, ref: Ref, keys: IdentityKeys, lookups: list[tuple[str, str]] | None = None) -> None:
        """Remember a record (known or a row of the file) under each of its keys (`lookups`: as
        `lookup_keys` gives them, when the caller has them already)."""
        self.records[ref] = keys
        for key in lookups if lookups is not None else lookup_keys(keys):
            holders = self.by_key.setdefault(key, [])
            if len(holders) < _MAX_PER_KEY:
                holders.append(ref)

    def add_known(self, rows: Iterable[tuple[str, int, IdentityKeys]]) -> None:
        """Known prospects and contacts: (kind, id, keys), as the store reads them."""
        for kind, record_id, keys in rows:
            self.add((kind, record_id), keys)

    def find(self, keys: IdentityKeys, lookups: list[tuple[str, str]]) -> Match | None:
        """The known record this lead is the same person as (prospects first, then contacts, then
        earlier rows), else the first it is possibly the same person as, else None."""
        by_key = self.by_key
        candidates: dict[Ref, None] = {}
        for key in lookups:
            holders = by_key.get(key)
            if holders:
                candidates.update(dict.fromkeys(holders))
        if not candidates:
            return None
        ordered = sorted(candidates, key=lambda ref: (_RANK[ref[0]], ref[1]))
        decision = decide(keys, ((ref, self.records[ref]) for ref in ordered))
        if decision is None:
            return None
        kind, record_id = decision.record
        return Match(kind, record_id, str(decision.kind), decision.same, decision.key)

    def row_keys(self) -> dict[int, IdentityKeys]:
        """The current keys of each row of the file remembered (the rows whose prospect is created)."""
        return {ref[1]: keys for ref, keys in self.records.items() if ref[0] == "row"}

    def add_row(self, row_number: int, keys: IdentityKeys, lookups: list[tuple[str, str]]) -> None:
        """Remember a row of the file under the keys `find` was given for it."""
        self.add(("row", row_number), keys, lookups)


def keys_of_rows(staged: Staged, country: str) -> KeyColumns:
    """The identity keys of the file's leads, from their columns (a rejected row's lead has no key: its
    cells were left out)."""
    return keys_of_leads(staged.leads, country)


def lookup_keys(keys: IdentityKeys) -> list[tuple[str, str]]:
    """Every key of a record, with its kind so that keys of different kinds never meet."""
    return with_all_keys(keys, each_key(keys))


def each_key(keys: IdentityKeys) -> list[tuple[str, str]]:
    """The record's keys one by one, with their kinds: `lookup_keys` without the key made of all of them
    (two records holding the same all-keys key hold each of its keys too)."""
    found = [(KeyKind.EMAIL, keys.email)] if keys.email else []
    for phone in keys.phones:
        found.append((KeyKind.PHONE, phone))
    for source in keys.sources:
        found.append((KeyKind.SOURCE, source))
    if keys.name:
        found.append((KeyKind.NAME, keys.name))
    return found


def with_all_keys(keys: IdentityKeys, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`each_key`'s keys followed by the key made of all of them (when there is any): `lookup_keys`."""
    if found:
        found = [*found, (ALL_KEYS, "\x1e".join((keys.email or "", ",".join(keys.phones), keys.name or "",
                                                 ",".join(keys.sources))))]
    return found


@dataclass(frozen=True)
class KeyArrays:
    """A file's e-mail, phone and name keys as Arrow arrays (None where a lead has none; the phones of all
    leads one after the other, `phone_lead` telling whose each is): counted and looked up by Arrow's C++
    hash tables instead of a Python step and a Python string hash per key, and sent to the store as they are."""

    email: pa.Array
    phone: pa.Array
    phone_lead: np.ndarray
    name: pa.Array


def key_arrays(keys: KeyColumns) -> KeyArrays | None:
    """The file's keys as Arrow arrays; None when a key is no text Arrow can hold (a lone surrogate)."""
    lengths = np.fromiter(map(len, keys.phones), dtype=np.int64, count=len(keys.phones))
    try:
        return KeyArrays(pa.array(keys.email, pa.string()), pa.array(list(chain.from_iterable(keys.phones)), pa.string()),
                         np.repeat(np.arange(len(lengths)), lengths), pa.array(keys.name, pa.string()))
    except (pa.ArrowException, UnicodeEncodeError):
        return None


def shared_keys(keys: KeyColumns, arrays: KeyArrays | None = None) -> set[tuple[str, str]]:
    """The keys (as `each_key` gives them) that more than one lead of a file holds, counted kind by kind (by
    Arrow when the file's keys are given as `arrays` too)."""
    shared: set[tuple[str, str]] = set()
    if arrays is None:
        for kind, values in ((KeyKind.EMAIL, filter(None, keys.email)), (KeyKind.PHONE, chain.from_iterable(keys.phones)),
                             (KeyKind.NAME, filter(None, keys.name))):
            shared.update(zip(repeat(kind), _repeated(values)))
    else:
        for kind, array in ((KeyKind.EMAIL, arrays.email), (KeyKind.PHONE, arrays.phone), (KeyKind.NAME, arrays.name)):
            shared.update(zip(repeat(kind), _repeated_in(array)))
    shared.update(zip(repeat(KeyKind.SOURCE), _repeated(chain.from_iterable(keys.sources))))
    return shared


def _repeated(values: Iterable[str]) -> Iterable[str]:
    """The values found more than once: counted by `Counter`'s C loop, picked by C loops (most keys of a file
    are held once, and a step per key would cost more than the count)."""
    counts = Counter(values)
    return compress(counts.keys(), map(lt, repeat(1), counts.values()))


def _repeated_in(array: pa.Array) -> list[str]:
    """The values an Arrow array holds more than once (None left out)."""
    counts = pc.value_counts(array.drop_null())
    return counts.filter(pc.greater(counts.field("counts"), 1)).field("values").to_pylist()


def lone_rows(keys: KeyColumns, held: Iterable[tuple[str, str]], arrays: KeyArrays | None = None) -> list[bool]:
    """Whether each lead's keys (as `each_key` gives them) are all outside `held` (looked up by Arrow when the
    file's keys are given as `arrays` too)."""
    by_kind: dict[str, set[str]] = {KeyKind.EMAIL: set(), KeyKind.PHONE: set(), KeyKind.SOURCE: set(), KeyKind.NAME: set()}
    for kind, key in held:
        if kind in by_kind:
            by_kind[kind].add(key)
    emails, phones, sources, names = (by_kind[kind] for kind in (KeyKind.EMAIL, KeyKind.PHONE, KeyKind.SOURCE, KeyKind.NAME))
    if arrays is None:
        lone = [not (email in emails or name in names) for email, name in zip(keys.email, keys.name, strict=True)]
        if phones:
            lone = [alone and phones.isdisjoint(mine) for alone, mine in zip(lone, keys.phones, strict=True)]
    else:
        met = np.zeros(len(keys), dtype=bool)
        for array, held_keys in ((arrays.email, emails), (arrays.name, names)):
            if held_keys:
                met |= _held(array, held_keys)
        if phones:
            met[arrays.phone_lead[_held(arrays.phone, phones)]] = True
        lone = (~met).tolist()
    if sources:
        lone = [alone and sources.isdisjoint(mine) for alone, mine in zip(lone, keys.sources, strict=True)]
    return lone


def _held(array: pa.Array, held: set[str]) -> np.ndarray:
    """Whether each value of `array` is one of `held` (None never is)."""
    return pc.is_in(array, value_set=pa.array(list(held), pa.string())).to_numpy(zero_copy_only=False)


def file_keys(keys: KeyColumns, arrays: KeyArrays | None = None) -> tuple[Any, Any, Any, set[str]]:
    """The file's e-mails, phones and names (as its leads hold them: repeated, None where a lead has none; as
    Arrow arrays when given) and distinct source ids: the only keys the store is asked about. The columns go
    to the store as they are (a set of them would cost more to build than the repeats cost the store)."""
    sources = set(chain.from_iterable(keys.sources))
    if arrays is not None:
        return arrays.email, arrays.phone, arrays.name, sources
    return keys.email, list(chain.from_iterable(keys.phones)), keys.name, sources
