"""The one door to the database: every SQL statement of the product lives in this package."""

from __future__ import annotations

from pathlib import Path

from prospects.config import may_create_folder
from prospects.errors import DatabaseFolderMissingError
from prospects.store import identity_keys, search_texts
from prospects.store.actions import ActionsRepository
from prospects.store.agenda import AgendaRepository
from prospects.store.analytics import AnalyticsRepository
from prospects.store.audit import AuditRepository
from prospects.store.auth import AuthRepository
from prospects.store.batch_actions import BatchActionsRepository
from prospects.store.board import BoardRepository
from prospects.store.contacts import ContactsRepository
from prospects.store.db import Database
from prospects.store.exporting import ExportRepository
from prospects.store.import_shapes import ImportShapesRepository
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
        self.batch_actions = BatchActionsRepository(db)
        self.import_shapes = ImportShapesRepository(db)
        self.auth = AuthRepository(db)
        self.audit = AuditRepository(db)

    @classmethod
    def open(cls, path: str | Path, busy_timeout: float = 8.0) -> Store:
        """Open (creating if needed) a database and upgrade its schema.

        Its folder must exist, except the app's own `data/`: a mistyped path never becomes a new empty
        base. A new file's default settings are a use case: `prospects.services.open_store` gives them.
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
            if store.db.schema_version() >= search_texts.SINCE_VERSION:  # once, when a migration changed their rule
                store.db.write(search_texts.recompute_if_asked)
        return store

    @property
    def path(self) -> Path:
        return self.db.path

    def hold(self):  # noqa: ANN201 - a context manager
        """Keep one connection for a whole page run or command."""
        return self.db.hold()
