"""The frame starts on an empty database and on the demo database, with its sidebar."""

from __future__ import annotations

from prospects import demo
from prospects.domain import Prospect
from prospects.store import Store
from tests.store.test_connections import hold_file


def sidebar_texts(at) -> str:
    return " ".join(str(getattr(el, "value", "")) for el in at.sidebar.caption) + " " + " ".join(
        str(sb.value) + " " + " ".join(map(str, sb.options)) for sb in at.sidebar.selectbox
    )


def test_the_app_starts_on_an_empty_database(app, db_path):
    at = app()
    assert not at.exception
    assert db_path.exists()  # created on first start
    assert "Etienne Neuville (EN)" in " ".join(at.sidebar.selectbox[0].options)
    assert str(db_path) in sidebar_texts(at)
    assert Store.open(db_path).prospects.count() == 0


def test_the_app_starts_on_the_demo_database(app, db_path):
    demo.load(Store.open(db_path))
    at = app()
    assert not at.exception
    assert not at.error
    users = " ".join(at.sidebar.selectbox[0].options)
    assert "Sophie Martin (SM)" in users and "Karim Benali (KB)" in users


def test_a_save_while_another_program_writes_keeps_what_was_typed_and_goes_through_once_free(app, store, db_path, user_id):
    """Validate pressed while a command-line import holds the file: one calm sentence, nothing typed lost."""
    prospect = store.prospects.create(Prospect(last_name="HISSON", company="Euro Transports"), by=user_id)
    at = app(page="pages/prospect.py", query={"id": str(prospect.id)})
    city = f"rec_{prospect.id}_city"
    at.text_input(key=city).input("Lyon").run()
    holder = hold_file(db_path, 60)
    try:
        at.button(key="record_validate").click().run(timeout=60)
        assert not at.exception
        assert any("someone else is writing" in w.value.lower() for w in at.warning)
        assert at.session_state[city] == "Lyon"  # kept while the page waits for the file
    finally:
        holder.kill()
        holder.wait()
    at.run()  # the page's own retry, once the file is free
    assert not at.exception and not at.warning
    assert at.text_input(key=city).value == "Lyon"
    at.button(key="record_validate").click().run()
    assert Store.open(db_path).prospects.get(prospect.id).city == "Lyon"
    assert "saved" in at.success[0].value
