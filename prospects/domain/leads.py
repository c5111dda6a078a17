"""Many prospects as columns: the leads of an import, from the file's cells to the store's bulk insert,
without a Python object per lead on the way (a 50,000-row badge file is 50,000 leads).

`Leads.columns` holds every field of `Prospect` (`custom` included), one value per lead, in the same
order; `prospect(i)` is the one lead as a `Prospect`, built only when someone needs it (a lead that
meets a duplicate, a test). `Leads.of(prospects)` goes the other way, so that a list of prospects and
a batch of leads are written by the same code.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from prospects.domain.models import Prospect

FIELDS = tuple(f.name for f in dataclasses.fields(Prospect))
# Each field's value when a lead does not give one (`custom` is a fresh dict per lead: see `Leads.filled`).
DEFAULTS = {f.name: f.default for f in dataclasses.fields(Prospect) if f.default is not dataclasses.MISSING}


@dataclass
class Leads:
    """Leads, field by field: `columns[name][i]` is the field `name` of lead i."""

    columns: dict[str, list[Any]]

    def __len__(self) -> int:
        return len(self.columns["id"])

    @classmethod
    def filled(cls, count: int, given: dict[str, list[Any]], defaults: dict[str, Any]) -> Leads:
        """`count` leads with the fields `given` (None where a lead has no value: it takes the default),
        every other field at its value in `defaults` (else `Prospect`'s default)."""
        columns: dict[str, list[Any]] = {}
        for name in FIELDS:
            default = defaults.get(name, DEFAULTS.get(name))
            values = given.get(name)
            if name == "custom":
                columns[name] = values if values is not None else [{} for _ in range(count)]
            elif values is None:
                columns[name] = [default] * count
            elif default is None or None not in values:
                columns[name] = values
            else:
                columns[name] = [default if value is None else value for value in values]
        return cls(columns)

    @classmethod
    def of(cls, prospects: Iterable[Prospect]) -> Leads:
        """Prospects as columns."""
        rows = list(map(vars, prospects))
        if not rows:
            return cls({name: [] for name in FIELDS})
        return cls(dict(zip(FIELDS, map(list, zip(*map(operator.itemgetter(*FIELDS), rows), strict=True)),
                            strict=True)))

    def prospect(self, index: int) -> Prospect:
        """Lead `index` as a Prospect (without the frozen dataclass's field-by-field __init__)."""
        prospect = object.__new__(Prospect)
        object.__setattr__(prospect, "__dict__", {name: values[index] for name, values in self.columns.items()})
        return prospect

    def put(self, index: int, prospect: Prospect) -> None:
        """Lead `index` becomes `prospect`."""
        for name, value in vars(prospect).items():
            self.columns[name][index] = value

    def take(self, indexes: Sequence[int]) -> Leads:
        """The leads at `indexes`, in that order."""
        if len(indexes) == len(self) and all(map(operator.eq, indexes, range(len(indexes)))):
            return self
        if not indexes:
            return Leads({name: [] for name in self.columns})
        pick = operator.itemgetter(*indexes)
        if len(indexes) == 1:
            return Leads({name: [pick(values)] for name, values in self.columns.items()})
        count = len(indexes)
        return Leads({name: [values[0]] * count if _one_value(values) else list(pick(values))
                      for name, values in self.columns.items()})


def _one_value(values: list[Any]) -> bool:
    """Whether a column holds nothing, or one text, throughout (a field no lead gives, a batch's campaign):
    picking from it is repeating its first value. Only None and text: a value equal to them is them, where
    numbers are not (True == 1 == 1.0). The middle and last values tell most other columns at a glance."""
    first = values[0]
    return (first is None or type(first) is str) and values[-1] == first and values[len(values) // 2] == first \
        and values.count(first) == len(values)
