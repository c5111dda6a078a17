"""Opening the DuckDB file, transactions with retry, and numbered migrations.

DuckDB lets a single process write a file. So that the app and the command line can
work on the same file at once, a connection is held only for one operation, or for one
run of a page (`Database.hold()`), and an open that meets another process's lock is
retried for a few seconds before saying so in one sentence.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import random
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from prospects.errors import (
    ConflictError,
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DuplicateError,
    ProspectsError,
)

log = logging.getLogger(__name__)

SCHEMA_DIR = Path(__file__).parent / "schema"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

T = TypeVar("T")

# Transactions ended in this process, per database file (every Database of one path counts together):
# one part of the data version (`Database.data_version`).
_transactions_ended: dict[Path, int] = {}
_ended_lock = threading.Lock()
REMEMBERED = 512  # values `Database.remembered` keeps per database, the least recently used dropped first

# Rows per row group of the tables (DuckDB's default: 122,880). DuckDB spreads the work of a read, and
# the writing of new rows to the file, over row groups: a table of Prospects' sizes (a few thousand
# to a few hundred thousand prospects) in row groups of 16,384 rows is worked on by every core, where
# in row groups of the default size the 100,000 prospects of bench/seed.py were one group, one core.
# The import of a 50,000-row badge file into that base takes 1,808 ms instead of 2,165 (bench/row_groups.py).
ROW_GROUP_ROWS = 16_384
_ALIAS = "prospects"  # the name the file is attached under, and the default database of the connection


class Database:
    """One DuckDB file, opened on demand; share one instance per path within a process."""

    def __init__(self, path: str | Path, busy_timeout: float = 8.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._file = self.path.resolve()
        self._remembered: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()
        self._remembered_lock = threading.Lock()

    # -- connections -------------------------------------------------------

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.02
        while True:
            try:
                return _attached(self._file)
            except duckdb.Error as exc:
                if not _is_lock(exc):
                    raise self._open_error(exc) from exc
                if time.monotonic() >= deadline:
                    raise DatabaseBusyError() from exc
                time.sleep(delay + random.random() * delay)
                delay = min(delay * 2, 0.5)

    def _open_error(self, exc: duckdb.Error) -> ProspectsError:
        """The sentence for a file DuckDB will not open: read-only, or not a (whole) database."""
        if _is_denied(exc):
            return DatabaseReadOnlyError(path=self.path)
        return DatabaseDamagedError(path=self.path)

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for this thread, reused by nested calls and closed at the end."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        conn = self._open()
        self._local.conn = conn
        try:
            yield conn
        except duckdb.Error as exc:
            # A damaged file may open and fail only when a damaged page is read.
            if _is_damage(exc):
                raise DatabaseDamagedError(path=self.path) from exc
            raise
        finally:
            self._local.conn = None
            self._local.in_transaction = False
            self._local.kept = None
            conn.close()

    # One page run (or one CLI command) holds the file for its whole duration.
    hold = connection

    def held(self) -> bool:
        """Whether this thread holds a connection (a page run, a CLI command) that outlives one call."""
        return getattr(self._local, "conn", None) is not None

    def kept(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        """`read()`, read once per held connection: a page run asks for the team, the accounts or
        whether its selected prospect exists several times (the frame, the menu, one button per
        action), and they change only at a write.

        The value is forgotten when any transaction of this thread begins or ends and when the
        connection closes, and it is never kept inside a transaction (a use case reads its own
        writes). Another session's write shows at this session's next run, as it would if it
        happened a moment later. Without a held connection nothing is kept.
        """
        if not self.held() or getattr(self._local, "in_transaction", False):
            return read()
        kept = getattr(self._local, "kept", None)
        if kept is None:
            kept = self._local.kept = {}
        if key not in kept:
            kept[key] = read()
        return kept[key]

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing; joins the surrounding transaction when there is one."""
        with self.connection() as conn:
            if getattr(self._local, "in_transaction", False):
                yield conn
                return
            conn.begin()
            self._local.in_transaction = True
            self._local.kept = None  # what this transaction writes must not be read from before it
            try:
                yield conn
                conn.commit()
            except BaseException as exc:
                with contextlib.suppress(duckdb.Error):  # a failed commit has nothing left to roll back
                    conn.rollback()
                if isinstance(exc, duckdb.Error) and _is_denied(exc):
                    # DuckDB opens a read-only file's folder for its journal only at the first write.
                    raise DatabaseReadOnlyError(path=self.path) from exc
                raise
            finally:
                self._local.in_transaction = False
                self._local.kept = None
                # After the commit, never before: a read between the two would keep the old data as new.
                with _ended_lock:
                    _transactions_ended[self._file] = _transactions_ended.get(self._file, 0) + 1

    def data_version(self) -> tuple[Any, ...] | None:
        """A stamp that changes whenever the data may have changed: the transactions this process ended
        on this file (any thread, any Database of this path), and when and how the file and its journal
        last changed on disk (another process's writes: the command line, a restored backup). Equal
        stamps, same data. None inside a transaction, whose own writes are not stamped yet. Reads leave
        both files untouched."""
        if getattr(self._local, "in_transaction", False):
            return None
        return (_transactions_ended.get(self._file, 0), _stamp(self.path),
                _stamp(self.path.with_name(self.path.name + ".wal")))

    def remembered(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        """`read()`, remembered across runs and sessions until the data changes (`data_version`): THE
        cache of reads whose answer only a write changes (the filters' choices, the dashboard's
        figures). The caller treats the value as read-only (or hands out copies). The version is taken
        before the read: a write meanwhile only makes the next call read again. Inside a transaction
        nothing is remembered nor reused: a use case reads its own writes."""
        version = self.data_version()
        if version is None:
            return read()
        with self._remembered_lock:
            found = self._remembered.get(key)
            if found is not None and found[0] == version:
                self._remembered.move_to_end(key)
                return found[1]
        value = read()
        with self._remembered_lock:
            self._remembered[key] = (version, value)
            self._remembered.move_to_end(key)
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)
        return value

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T], attempts: int = 5) -> T:
        """Run `work` in a transaction, retrying briefly when DuckDB reports a write conflict."""
        for attempt in range(attempts):
            try:
                with self.transaction() as conn:
                    return work(conn)
            except duckdb.TransactionException as exc:
                if getattr(self._local, "in_transaction", False):
                    raise  # the outermost write retries the whole transaction
                if attempt == attempts - 1:
                    raise ConflictError() from exc
                time.sleep(0.01 * (attempt + 1) + random.random() * 0.01)
            except duckdb.ConstraintException as exc:
                raise DuplicateError() from exc
        raise AssertionError("unreachable")

    # -- migrations --------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply every numbered SQL file not yet recorded in `schema_version`; returns those applied."""
        applied: list[int] = []
        with self.connection() as conn:
            if _is_foreign(conn):
                raise DatabaseDamagedError(path=self.path)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())"
            )
            done = {row[0] for row in conn.execute("SELECT version FROM schema_version").fetchall()}
            known = migration_files()
            if done and max(done) > max(version for version, _ in known):
                raise DatabaseTooNewError(path=self.path)
            for version, path in known:
                if version in done:
                    continue
                with self.transaction() as tx:
                    tx.execute(path.read_text(encoding="utf-8"))
                    tx.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, path.name])
                applied.append(version)
                log.info("applied migration %s", path.name)
        return applied

    def schema_version(self) -> int:
        with self.connection() as conn:
            return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


# DuckDB column types -> Arrow types, for bulk inserts (`insert_columns`).
_ARROW_TYPES = {
    "VARCHAR": pa.string(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"),
    "DECIMAL(14,2)": pa.decimal128(14, 2), "INTEGER[]": pa.list_(pa.int32()), "VARCHAR[]": pa.list_(pa.string()),
}


def insert_columns(
    conn: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any] | pa.Array | Future[Any]]
) -> None:
    """INSERT Python lists (or Arrow arrays already built, or the future of one), one per column, in one
    statement: an Arrow table typed like the table's columns, scanned by DuckDB (tens of thousands of rows in
    tens of milliseconds, no pandas on the way).

    A plain INSERT, which DuckDB runs as its batch insert: on every core, writing each row group to the file
    as soon as it is full (`ROW_GROUP_ROWS`), so the commit has little left to write. With `RETURNING`, the
    statement would be one stream into the table, quicker to run but leaving the whole writing to the commit:
    396 ms against 454 for the INSERTs and the commit of the 49,000 new prospects of a badge file, with their
    history (bench/insert_returning.py; with DuckDB's row groups of 122,880 rows, RETURNING was the quicker)."""
    types = dict(conn.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND NOT internal", [table]
    ).fetchall())
    arrays = {name: _arrow_array(values, _ARROW_TYPES[types[name]]) for name, values in columns.items()
              if not isinstance(values, Future)}
    # A column still computed on another thread (`search_texts.search_text_later`) is waited for last.
    data = pa.table({name: arrays[name] if name in arrays else _arrow_array(values.result(), _ARROW_TYPES[types[name]])
                     for name, values in columns.items()})
    view = f"new_{table}_rows"
    conn.register(view, data)
    try:
        names = ", ".join(columns)
        conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
    finally:
        conn.unregister(view)


def _arrow_array(values: list[Any] | pa.Array, kind: pa.DataType) -> pa.Array:
    """`pa.array(values, kind)`; an Arrow array as it is (cast to `kind` if need be); a column of one value
    throughout is that value repeated, and a date or time column, whose Python objects Arrow converts slowly,
    is converted once per distinct value when its values repeat (a batch's rows share their creation time)."""
    if isinstance(values, pa.Array):
        return values if values.type == kind else values.cast(kind)
    if len(values) > 1000 and not isinstance(values[0], bool) and values[-1] == values[0] \
            and values[len(values) // 2] == values[0] and values.count(values[0]) == len(values):
        # One value throughout (a batch's campaign, a field no row of the file has): repeated by Arrow. Values
        # equal to it are the same value of the column's type (a bool, equal to 1 or 0, goes the usual way).
        # Taken from a one-value array (`pa.repeat` of a list, the categories, takes 40 times longer).
        if values[0] is None:
            return pa.nulls(len(values), kind)
        return pa.array(values[:1], kind).take(pa.repeat(pa.scalar(0, pa.int32()), len(values)))
    if kind in (pa.timestamp("us"), pa.date32()) and len(values) > 1000:
        distinct = dict.fromkeys(values)
        if len(distinct) * 4 <= len(values):
            position = {value: i for i, value in enumerate(distinct)}
            return pa.array(list(distinct), kind).take(pa.array(list(map(position.__getitem__, values)), pa.int32()))
    return pa.array(values, kind)


def _attached(file: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file `file`, whose tables it reads and writes by their bare names.

    The file is attached with row groups of `ROW_GROUP_ROWS` rows, which DuckDB only takes as an option of
    ATTACH: so every connection of the process to `file` is one to the same in-memory database named
    after it, which has the file attached once (DuckDB keeps one instance per name, as it keeps one per
    file for `duckdb.connect(file)`, and lets it go with its last connection, then releasing the file)."""
    conn = duckdb.connect(f":memory:prospects:{file}")
    try:
        quoted = str(file).replace("'", "''")
        conn.execute(f"ATTACH IF NOT EXISTS '{quoted}' AS {_ALIAS} (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
        conn.execute(f"USE {_ALIAS}")
    except BaseException:
        conn.close()
        raise
    return conn


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """When and how a file last changed (None: no such file), without opening it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def _is_lock(exc: duckdb.Error) -> bool:
    """Another process holds the file (worth waiting for), as opposed to a file that cannot be opened."""
    text = str(exc).lower()
    # Within this process: the file attached elsewhere (a connection made another way than `_attached`), or
    # still being let go by the database its last connection just closed.
    return (isinstance(exc, duckdb.IOException) and ("set lock" in text or "conflicting lock" in text)) \
        or (isinstance(exc, duckdb.ResourceInUseException) and "file handle conflict" in text)


def _is_denied(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return any(words in text for words in ("permission denied", "operation not permitted", "read-only file system"))


def _is_damage(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.SerializationException) or (
        isinstance(exc, duckdb.IOException)
        and any(words in text for words in ("could not read", "corrupt", "checksum", "not a valid duckdb"))
    )


def _is_foreign(conn: duckdb.DuckDBPyConnection) -> bool:
    """Tables but no `schema_version`: another program's DuckDB file, which Prospects must not fill."""
    names = {row[0] for row in conn.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    return bool(names) and "schema_version" not in names


def migration_files() -> list[tuple[int, Path]]:
    """The schema files in the order they apply."""
    files = []
    for path in SCHEMA_DIR.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            files.append((int(match.group(1)), path))
    return sorted(files)


def reads(method: Callable[..., T]) -> Callable[..., T]:
    """Give a repository method `conn` as its first argument, within `self.db.connection()`."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
        with self.db.connection() as conn:
            return method(self, conn, *args, **kwargs)

    return wrapper


def writes(method: Callable[..., T]) -> Callable[..., T]:
    """Run a repository method in one transaction (with retry on write conflicts)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
        return self.db.write(lambda conn: method(self, conn, *args, **kwargs))

    return wrapper
