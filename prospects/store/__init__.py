"""The one door to the database: every SQL statement of the product lives in this package."""

from __future__ import annotations

from pathlib import Path

from prospects.config import may_create_folder
from prospects.domain import CHOICE_KINDS, Choice, Stage, User, settings_rules
from prospects.errors import DatabaseFolderMissingError
from prospects.store import identity_keys
from prospects.store.actions import ActionsRepository
from prospects.store.agenda import AgendaRepository
from prospects.store.analytics import AnalyticsRepository
from prospects.store.audit import AuditRepository
from prospects.store.auth import AuthRepository
from prospects.store.board import BoardRepository
from prospects.store.contacts import ContactsRepository
from prospects.store.db import Database
from prospects.store.exporting import ExportRepository
from prospects.store.imports import ImportsRepository
from prospects.store.prospects import ProspectPage, ProspectsRepository
from prospects.store.settings import (
    CategoriesRepository,
    ChoicesRepository,
    CustomFieldsRepository,
    SettingsRepository,
    StagesRepository,
    UsersRepository,
)

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
        self.analytics = AnalyticsRepository(db)
        self.agenda = AgendaRepository(db)
        self.exports = ExportRepository(db)
        self.imports = ImportsRepository(db)
        self.auth = AuthRepository(db)
        self.audit = AuditRepository(db)

    @classmethod
    def open(cls, path: str | Path, busy_timeout: float = 8.0, language: str | None = None) -> Store:
        """Open (creating if needed) a database, upgrade its schema and give a new one its defaults.

        A new database gets its default lists in `language` (else the one of defaults.toml). Its
        folder must exist, except the app's own `data/`: a mistyped path never becomes a new empty base.
        """
        path = Path(path)
        if not path.parent.is_dir():
            if not may_create_folder(path):
                raise DatabaseFolderMissingError(folder=path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(Database(path, busy_timeout=busy_timeout))
        with store.db.hold():
            store.db.migrate()
            if store.db.schema_version() >= identity_keys.SINCE_VERSION:  # rows older than it get their keys once
                store.prospects.fill_identity_keys()
                store.contacts.fill_identity_keys()
            store._give_defaults(language)
        return store

    @property
    def path(self) -> Path:
        return self.db.path

    def hold(self):  # noqa: ANN201 - a context manager
        """Keep one connection for a whole page run or command."""
        return self.db.hold()

    def _give_defaults(self, language: str | None) -> None:
        """Write a new file's default settings (defaults.toml in `language`) as part of creating it.

        Like the schema, this belongs to opening a file, not to a use case: a file with users is
        never touched. Renaming the defaults later is the settings service's `translate_defaults`.
        """
        if self.users.list():
            return
        defaults = settings_rules.load_defaults(language)
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
