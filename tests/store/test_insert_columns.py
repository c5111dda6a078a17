"""The bulk insert's conversion of Python lists to Arrow: a shortcut must give the array Arrow gives."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa

from prospects.store.db import _arrow_array


def test_repeated_times_and_days_convert_as_arrow_converts_them_one_by_one():
    now = datetime(2026, 7, 10, 9, 30, 5)
    times = [now, None, datetime(2026, 7, 11, 8, 0)] * 700 + [now] * 10
    days = [date(2026, 7, 10), None, date(2027, 1, 2)] * 700
    for values, kind in ((times, pa.timestamp("us")), (days, pa.date32())):
        converted = _arrow_array(values, kind)
        assert converted.equals(pa.array(values, kind))
        assert converted.to_pylist() == values
