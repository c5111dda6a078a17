"""The stages of the sales process: their order, default probability, retiring and moving deals out."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import duckdb

from prospects.domain import (
    Stage,
    at_the_door,
    check,
)
from prospects.domain import settings_rules as rules
from prospects.errors import FieldError, NotFoundError, ValidationError
from prospects.store.db import Database, reads, writes
from prospects.store.ordering import next_position, swap_positions
from prospects.store.rows import fetch_dicts


class StagesRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def list(self, conn: duckdb.DuckDBPyConnection, active_only: bool = True) -> list[Stage]:
        sql = "SELECT id, name, position, probability, stale_after_days, active FROM stages"
        if active_only:
            sql += " WHERE active"
        return [Stage(**r) for r in fetch_dicts(conn.execute(sql + " ORDER BY position, id"))]

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, stage_id: int) -> Stage:
        rows = fetch_dicts(
            conn.execute("SELECT id, name, position, probability, stale_after_days, active FROM stages WHERE id = ?", [stage_id])
        )
        if not rows:
            raise NotFoundError()
        return Stage(**rows[0])

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, stage: Stage) -> Stage:
        """Add a stage (at the end when its position is 0)."""
        stage = dataclasses.replace(stage, name=at_the_door(stage.name, "name") or "")
        check(rules.check_stage(stage, self.list(active_only=False)))
        if stage.position <= 0:
            stage = dataclasses.replace(stage, position=next_position(conn, "stages"))
        new_id = conn.execute(
            "INSERT INTO stages (name, position, probability, stale_after_days, active) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active],
        ).fetchall()[0][0]
        return Stage(new_id, stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, stage: Stage) -> Stage:
        """Rename or retune a stage: prospects keep its id, so they and their history follow."""
        stage = dataclasses.replace(stage, name=at_the_door(stage.name, "name") or "")
        check(rules.check_stage(stage, self.list(active_only=False)))
        if not stage.active and self.get(stage.id).active:
            self._check_can_retire(conn, stage.id)
        if not conn.execute(
            "UPDATE stages SET name = ?, position = ?, probability = ?, stale_after_days = ?, active = ?"
            " WHERE id = ? RETURNING id",
            [stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active, stage.id],
        ).fetchall():
            raise NotFoundError()
        return stage

    @reads
    def prospect_count(self, conn: duckdb.DuckDBPyConnection, stage_id: int, open_only: bool = False) -> int:
        sql = "SELECT count(*) FROM prospects WHERE stage_id = ?" + (" AND status = 'open'" if open_only else "")
        return conn.execute(sql, [stage_id]).fetchall()[0][0]

    @writes
    def move(self, conn: duckdb.DuckDBPyConnection, stage_id: int, offset: int) -> None:
        """Move a stage up (-1) or down (+1) the pipeline; the board and list follow this order."""
        swap_positions(conn, "stages", [s.id for s in self.list(active_only=False)], stage_id, offset)

    @writes
    def set_active(self, conn: duckdb.DuckDBPyConnection, stage_id: int, active: bool) -> Stage:
        """Retire (hide from new choices and the board) or restore a stage."""
        return self.update(dataclasses.replace(self.get(stage_id), active=active))

    def _check_can_retire(self, conn: duckdb.DuckDBPyConnection, stage_id: int) -> None:
        if len(self.list()) <= 1:
            raise ValidationError([FieldError("active", "settings.error.last_stage")])
        count = self.prospect_count(stage_id, open_only=True)
        if count:
            name = self.get(stage_id).name
            raise ValidationError([FieldError("active", "settings.error.stage_retire_in_use", {"count": count, "name": name})])

    @writes
    def delete(
        self, conn: duckdb.DuckDBPyConnection, stage_id: int, move_to: int | None = None, by: int | None = None
    ) -> tuple[int, bool]:
        """Delete a stage; its prospects first go to `move_to`, with history, all in one transaction.

        Refused when the stage holds prospects and no other stage is given. A stage that history
        mentions is kept, retired, so every past move still reads with its name.
        Returns how many prospects moved and whether the stage was kept as retired.
        """
        stage = self.get(stage_id)
        if stage.active and len(self.list()) <= 1:
            raise ValidationError([FieldError("move_to", "settings.error.last_stage")])
        count = self.prospect_count(stage_id)
        if count:
            if move_to is None:
                raise ValidationError([FieldError("move_to", "settings.error.stage_in_use", {"count": count, "name": stage.name})])
            if move_to == stage_id or not self.get(move_to).active:
                raise ValidationError([FieldError("move_to", "settings.error.move_to_invalid")])
            now = datetime.now().replace(microsecond=0)
            conn.execute(
                "INSERT INTO history (prospect_id, changed_at, changed_by, field, old_value, new_value)"
                " SELECT id, ?, ?, 'stage', CAST(stage_id AS VARCHAR), ? FROM prospects WHERE stage_id = ?",
                [now, by, str(move_to), stage_id],
            )
            conn.execute(
                "UPDATE prospects SET stage_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE stage_id = ?",
                [move_to, now, by, stage_id],
            )
        mentioned = conn.execute(
            "SELECT count(*) FROM history WHERE field = 'stage' AND (old_value = ? OR new_value = ?)",
            [str(stage_id), str(stage_id)],
        ).fetchall()[0][0]
        if mentioned:
            conn.execute("UPDATE stages SET active = FALSE WHERE id = ?", [stage_id])
        else:
            conn.execute("DELETE FROM stages WHERE id = ?", [stage_id])
        return count, bool(mentioned)
