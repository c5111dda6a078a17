"""A new database's first settings: its users, stages, lists and labels, from defaults.toml."""

from __future__ import annotations

from prospects.domain import CHOICE_KINDS, Choice, Stage, User, settings_rules
from prospects.services.unit_of_work import run
from prospects.store import Store


def give_defaults(store: Store, language: str | None = None) -> bool:
    """Give a file without users the default settings, in `language` (else defaults.toml's).

    A file with users is never touched, so opening a team's base twice, or two processes opening a
    new file at once, writes the defaults once: the check runs inside the transaction, and the
    loser of a race retries and finds the users. Renaming the defaults later is
    `services.settings.translate_defaults`. Returns whether defaults were written.
    """

    def work() -> bool:
        if store.users.list():
            return False
        defaults = settings_rules.load_defaults(language)
        for key, value in defaults["general"].items():
            store.settings.set(key, str(value))
        for user in defaults["users"]:
            store.users.create(User(None, user["full_name"], user["initials"], user.get("email")))
        for position, stage in enumerate(defaults["stages"], start=1):
            store.stages.create(Stage(None, stage["name"], position, stage["probability"], stage["stale_after_days"]))
        for kind in CHOICE_KINDS:
            for position, name in enumerate(defaults["choices"].get(kind, []), start=1):
                store.choices.create(Choice(None, kind, name, position))
        for position, label in enumerate(defaults["categories"]["labels"], start=1):
            store.categories.set_label(position, label)
        return True

    with store.hold():
        return run(store, work)
