"""The app and the command line share the file: short holds, retries, one clear sentence."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from prospects.domain import Prospect
from prospects.errors import DatabaseBusyError
from prospects.store import Store
from prospects.store.db import Database


def hold_file(db_path, seconds: float, wait: float = 0) -> subprocess.Popen:
    """Another process (like a CLI import) that holds the database file for a while; `wait`: how long it
    tries to take the file while someone else holds it (a page's run that has not ended yet)."""
    code = textwrap.dedent(f"""
        import duckdb, sys, time
        until = time.monotonic() + {wait}
        while True:
            try:
                conn = duckdb.connect({str(db_path)!r})
                break
            except duckdb.IOException:
                if time.monotonic() > until:
                    raise
                time.sleep(0.05)
        print("held", flush=True)
        time.sleep({seconds})
        conn.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_short_lock_elsewhere_is_waited_for(store, db_path, user_id):
    proc = hold_file(db_path, 1.0)
    try:
        start = time.monotonic()
        created = store.prospects.create(Prospect(company="Logisud"), by=user_id)
        assert created.id is not None
        assert time.monotonic() - start > 0.3
    finally:
        proc.wait()


def test_a_long_lock_gives_one_clear_sentence(store, db_path):
    impatient = Store(Database(db_path, busy_timeout=0.5))
    proc = hold_file(db_path, 3.0)
    try:
        with pytest.raises(DatabaseBusyError) as info:
            impatient.prospects.count()
        assert "busy" in info.value.message and "\n" not in info.value.message
    finally:
        proc.kill()
        proc.wait()


def test_the_file_is_free_between_operations(store, db_path):
    store.prospects.count()
    proc = hold_file(db_path, 0.1)  # would block if this process still held the file
    proc.wait()
    assert proc.returncode == 0


def test_threads_of_one_process_share_the_file(store, user_id):
    errors: list[Exception] = []

    def work(n: int) -> None:
        try:
            for i in range(10):
                store.prospects.create(Prospect(company=f"T{n}-{i}"), by=user_id)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.prospects.count() == 40


def test_concurrent_edits_of_one_record_are_serialised(store, user_id):
    p = store.prospects.create(Prospect(company="Logisud"), by=user_id)
    errors: list[Exception] = []

    def bump(i: int) -> None:
        try:
            for _ in range(5):
                current = store.prospects.get(p.id)
                try:
                    store.prospects.change(p.id, {"city": f"city{i}"}, by=user_id, expected_version=current.version)
                except Exception as exc:  # noqa: BLE001
                    if type(exc).__name__ != "ConflictError":
                        raise
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    final = store.prospects.get(p.id)
    assert final.version >= 2


def test_the_data_version_changes_at_every_write_and_only_then(store, db_path):
    # The dashboard keeps its figures per data version: a write of this process or of another one must change it.
    before = store.db.data_version()
    with store.hold():
        store.settings.get("language")
        store.users.list()
    assert store.db.data_version() == before  # reading leaves the file and its journal as they were
    store.settings.set("probe", "mine")
    mine = store.db.data_version()
    assert mine != before
    code = (f"import duckdb; conn = duckdb.connect({str(db_path)!r});"
            " conn.execute(\"UPDATE settings SET value = 'theirs' WHERE key = 'probe'\"); conn.close()")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert store.db.data_version() != mine  # another process: only the file tells
    assert store.settings.get("probe") == "theirs"
    with store.db.transaction():
        assert store.db.data_version() is None  # nothing is kept from inside a transaction


def test_remembered_values_are_read_again_after_a_write_and_never_inside_a_transaction(store, user_id):
    reads = []

    def count() -> int:
        reads.append(1)
        return store.prospects.count()

    assert store.db.remembered(("count",), count) == 0 and store.db.remembered(("count",), count) == 0
    assert len(reads) == 1  # the second call read nothing
    store.prospects.create(Prospect(last_name="Roy"), by=user_id)
    assert store.db.remembered(("count",), count) == 1 and len(reads) == 2
    with store.db.transaction():
        assert store.db.remembered(("count",), count) == 1 and len(reads) == 3  # read, not reused


def test_remembered_values_are_bounded(store):
    from prospects.store import db as database

    for i in range(database.REMEMBERED + 10):
        store.db.remembered(("n", i), lambda i=i: i)
    assert len(store.db._remembered) == database.REMEMBERED
    assert store.db.remembered(("n", 0), lambda: "read again") == "read again"  # the oldest went first
