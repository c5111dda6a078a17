"""The frame starts on an empty database and on the demo database, with its sidebar."""

from __future__ import annotations

from prospects import demo
from prospects.store import Store


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
