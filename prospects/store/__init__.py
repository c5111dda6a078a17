"""The one door to the database: every SQL statement of the product lives in this package."""

from __future__ import annotations

import tomllib
from pathlib import Path

from prospects.domain import CHOICE_KINDS, Choice, Stage, User
from prospects.store.actions import ActionsRepository
from prospects.store.board import BoardRepository
from prospects.store.contacts import ContactsRepository
from prospects.store.db import Database
from prospects.store.prospects import ProspectPage, ProspectsRepository
from prospects.store.settings import (
    CategoriesRepository,
    ChoicesRepository,
    CustomFieldsRepository,
    SettingsRepository,
    StagesRepository,
    UsersRepository,
)

DEFAULTS_FILE = Path(__file__).parent.parent / "defaults" / "defaults.toml"

__all__ = ["Store", "ProspectPage", "Database"]


class Store:
    """All repositories of one database file."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.prospects = ProspectsRepository(db)
        self.actions = ActionsRepository(db)
        self.contacts = ContactsRepository(db)
        self.users = UsersRepository(db)
        self.settings = SettingsRepository(db)
        self.stages = StagesRepository(db)
        self.choices = ChoicesRepository(db)
        self.categories = CategoriesRepository(db)
        self.custom_fields = CustomFieldsRepository(db)
        self.board = BoardRepository(db)

    @classmethod
    def open(cls, path: str | Path, busy_timeout: float = 8.0) -> Store:
        """Open (creating if needed) a database, upgrade its schema and give a new one its defaults."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(Database(path, busy_timeout=busy_timeout))
        with store.db.hold():
            store.db.migrate()
            store.seed_defaults()
        return store

    @property
    def path(self) -> Path:
        return self.db.path

    def hold(self):  # noqa: ANN201 - a context manager
        """Keep one connection for a whole page run or command."""
        return self.db.hold()

    def seed_defaults(self) -> bool:
        """Fill an empty database with the default settings; returns whether it did."""
        if self.users.list():
            return False
        defaults = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
        with self.db.transaction():
            for key, value in defaults["general"].items():
                self.settings.set(key, str(value))
            for user in defaults["users"]:
                self.users.create(User(None, user["full_name"], user["initials"], user.get("email")))
            for position, stage in enumerate(defaults["stages"], start=1):
                self.stages.create(Stage(None, stage["name"], position, stage["probability"], stage["stale_after_days"]))
            for kind in CHOICE_KINDS:
                for position, name in enumerate(defaults["choices"].get(kind, []), start=1):
                    self.choices.create(Choice(None, kind, name, position))
            for position, label in enumerate(defaults["categories"]["labels"], start=1):
                self.categories.set_label(position, label)
        return True
