"""Settings use cases (each one unit of work) and the queries the settings screens and the frame read through."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prospects.domain import CHOICE_KINDS, Choice, CustomField, Stage, User, settings_rules
from prospects.services import unit_of_work
from prospects.services.auth import managers_change as run  # a manager's change, audited
from prospects.services.auth import user_left

if TYPE_CHECKING:
    from prospects.store import Store


# -- queries -------------------------------------------------------------------


def default_country(store: Store) -> str:
    """The team's default country (ISO code) for phone numbers written without their code."""
    return store.settings.default_country()


def general(store: Store) -> dict[str, str]:
    """Currency, default country and language, as saved (a key may be missing in an old file)."""
    return store.settings.all()


def currency(store: Store) -> str:
    """The currency every amount is shown in."""
    return store.settings.get("currency", "EUR") or "EUR"


def team_language(store: Store) -> str | None:
    """The language of the settings: a new session's language until its user picks one."""
    return store.settings.get("language")


def user_language(store: Store, user_id: int) -> str | None:
    """The language a user chose last, on any browser (None until they choose)."""
    return store.users.language(user_id)


def users(store: Store, active_only: bool = False) -> list[User]:
    """The team, read once per page run (`Database.kept`): the frame, the menu and every action's
    button ask for it, and it changes only at a write."""
    return list(store.db.kept(("users", active_only), lambda: store.users.list(active_only=active_only)))


def stages(store: Store, active_only: bool = False) -> list[Stage]:
    return store.stages.list(active_only=active_only)


def stage_prospect_count(store: Store, stage_id: int) -> int:
    """How many prospects (open or closed) sit in a stage."""
    return store.stages.prospect_count(stage_id)


def choices(store: Store, kind: str, active_only: bool = False) -> list[Choice]:
    return store.choices.list(kind, active_only=active_only)


def choice_usage(store: Store, kind: str) -> dict[str, int]:
    """How many records hold each value of a list."""
    return store.choices.usage(kind)


def category_labels(store: Store) -> dict[int, str]:
    return store.categories.labels()


def custom_fields(store: Store, active_only: bool = False) -> list[CustomField]:
    return store.custom_fields.list(active_only=active_only)


def custom_field_value_count(store: Store, field_id: int) -> int:
    """How many prospects hold a value of a custom field (what a type change converts)."""
    return store.custom_fields.value_count(field_id)


# -- stages --------------------------------------------------------------------


def add_stage(store: Store, stage: Stage) -> Stage:
    return run(store, lambda: store.stages.create(stage))


def save_stage(store: Store, stage: Stage) -> Stage:
    """Rename or retune a stage; its prospects and their history follow (they keep its id)."""
    return run(store, lambda: store.stages.update(stage))


def move_stage(store: Store, stage_id: int, offset: int) -> None:
    run(store, lambda: store.stages.move(stage_id, offset))


def set_stage_active(store: Store, stage_id: int, active: bool) -> Stage:
    return run(store, lambda: store.stages.set_active(stage_id, active))


def delete_stage(store: Store, stage_id: int, move_to: int | None, by: int | None) -> tuple[int, bool]:
    """Move a stage's prospects to `move_to` (with history) and delete it, all or nothing.

    Returns how many prospects moved and whether the stage was kept, retired, for its history.
    """
    return run(store, lambda: store.stages.delete(stage_id, move_to, by=by))


# -- lists ---------------------------------------------------------------------


def add_choice(store: Store, choice: Choice) -> Choice:
    return run(store, lambda: store.choices.create(choice))


def rename_choice(store: Store, choice_id: int, name: str) -> Choice:
    """Rename a list value and, in the same unit of work, every prospect and contact holding it."""
    return run(store, lambda: store.choices.rename(choice_id, name))


def move_choice(store: Store, choice_id: int, offset: int) -> None:
    run(store, lambda: store.choices.move(choice_id, offset))


def set_choice_active(store: Store, choice_id: int, active: bool) -> Choice:
    return run(store, lambda: store.choices.set_active(choice_id, active))


# -- categories and custom fields --------------------------------------------------


def save_category_labels(store: Store, labels: dict[int, str | None]) -> None:
    """Every tick box label at once, or none of them."""
    run(store, lambda: store.categories.set_labels(labels))


def add_custom_field(store: Store, custom_field: CustomField) -> CustomField:
    return run(store, lambda: store.custom_fields.create(custom_field))


def save_custom_field(store: Store, custom_field: CustomField) -> CustomField:
    """Rename or retype a field: a new type converts every stored value, or nothing changes."""
    return run(store, lambda: store.custom_fields.update(custom_field))


def move_custom_field(store: Store, field_id: int, offset: int) -> None:
    run(store, lambda: store.custom_fields.move(field_id, offset))


def set_custom_field_active(store: Store, field_id: int, active: bool) -> CustomField:
    return run(store, lambda: store.custom_fields.set_active(field_id, active))


# -- users and general ---------------------------------------------------------------


def add_user(store: Store, user: User) -> User:
    return run(store, lambda: store.users.create(user))


def save_user(store: Store, user: User) -> User:
    """Rename or (de)activate a user; a deactivated user's sessions end with the change."""

    def work() -> User:
        saved = store.users.update(user)
        if not saved.active:
            user_left(store, saved.id)
        return saved

    return run(store, work)


def save_user_language(store: Store, user_id: int, language: str) -> None:
    """Remember the language a user picked in the sidebar, for their next visits (a rep's own
    preference: not a settings change, so not a manager's)."""
    unit_of_work.run(store, lambda: store.users.set_language(user_id, language))


def delete_user(store: Store, user_id: int) -> None:
    """Remove a user no record names (otherwise refused: deactivate them instead)."""
    run(store, lambda: store.users.delete(user_id))


def save_general(store: Store, values: dict[str, str]) -> None:
    """Currency, default country and language together, after checking each."""
    run(store, lambda: store.settings.set_general(values))


def untranslated_defaults(store: Store, language: str) -> int:
    """How many default stages, list values and categories nobody renamed are still named in another
    language: what `translate_defaults` would rename (the language switch offers it when not 0)."""
    count = len(settings_rules.default_renames([s.name for s in store.stages.list()], "stage", language))
    for kind in CHOICE_KINDS:
        count += len(settings_rules.default_renames([c.name for c in store.choices.list(kind)], kind, language))
    return count + len(settings_rules.default_renames(store.categories.labels().values(), "category", language))


def translate_defaults(store: Store, language: str) -> int:
    """Rename the default stages, list values and categories nobody renamed into `language`.

    Values the team named itself are left alone; prospects follow the renamed values. All of it
    or nothing. Returns how many names changed.
    """
    return run(store, lambda: _translate_defaults(store, language))


def _translate_defaults(store: Store, language: str) -> int:
    changed = 0
    all_stages = store.stages.list(active_only=False)
    renames = settings_rules.default_renames([s.name for s in all_stages], "stage", language)
    for stage in all_stages:
        if stage.name in renames:
            store.stages.update(Stage(stage.id, renames[stage.name], stage.position, stage.probability,
                                      stage.stale_after_days, stage.active))
            changed += 1
    for kind in CHOICE_KINDS:
        values = store.choices.list(kind, active_only=False)
        renames = settings_rules.default_renames([c.name for c in values], kind, language)
        for choice in values:
            if choice.name in renames:
                store.choices.rename(choice.id, renames[choice.name])
                changed += 1
    labels = store.categories.labels()
    renames = settings_rules.default_renames(labels.values(), "category", language)
    for position, label in labels.items():
        if label in renames:
            store.categories.set_label(position, renames[label])
            changed += 1
    return changed


def choice_names(store: Store, kind: str, active_only: bool = True) -> list[str]:
    """The values of one list (channels, loss reasons, civilities...) in their order."""
    return store.choices.names(kind, active_only=active_only)
