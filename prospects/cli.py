"""The command line: a thin layer over the package, for everything users do in bulk.

    python -m prospects --db PATH demo
    python -m prospects --db PATH import FILE [--dry-run] [--duplicates skip|update|create] [--json]
    python -m prospects --db PATH export [--format csv|xlsx|json] [-o FILE]
    python -m prospects --db PATH undo-import BATCH_ID
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from prospects import demo, exporting
from prospects import importing as imp
from prospects.config import database_path
from prospects.errors import ProspectsError
from prospects.store import Store

Command = Callable[[Store, argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    def register(function: Command) -> Command:
        COMMANDS[name] = function
        return function

    return register


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prospects", description="Prospects from the command line.")
    parser.add_argument("--db", help="database file (default: $PROSPECTS_DB, then data/prospects.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="fill the database with the demo pipeline")
    p_demo.add_argument("--prospects", type=int, default=60)
    p_demo.add_argument("--seed", type=int, default=2026)
    p_demo.add_argument("--json", action="store_true", help="print the counts as JSON")
    p_import = sub.add_parser("import", help="import a file of leads (CSV/TXT/TSV, .xlsx, .vcf)")
    p_import.add_argument("file")
    p_import.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")
    p_import.add_argument("--duplicates", choices=[p.value for p in imp.Policy], default="skip")
    p_import.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p_import.add_argument("--channel", help="channel of the whole batch (when a row has none)")
    p_import.add_argument("--campaign", help='campaign label of the batch, e.g. "Salon Transport 2026"')
    p_import.add_argument("--owner", help="initials of the owner (when a row has none)")
    p_import.add_argument("--stage", help="stage name (when a row has none)")
    p_export = sub.add_parser("export", help="export every prospect with every field")
    p_export.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    p_export.add_argument("--delimiter", choices=[",", ";"], default=",", help="CSV delimiter")
    p_export.add_argument("-o", "--output", help="file to write (default: standard output)")
    p_undo = sub.add_parser("undo-import", help="undo an import batch")
    p_undo.add_argument("batch_id", type=int)
    return parser


@command("demo")
def run_demo(store: Store, args: argparse.Namespace) -> int:
    prospects, actions = demo.load(store, prospects=args.prospects, seed=args.seed)
    if args.json:
        print(json.dumps({"prospects": prospects, "actions": actions}))
    else:
        print(f"Demo pipeline written to {store.path}: {prospects} prospects, {actions} actions.")
    return 0


@command("import")
def run_import(store: Store, args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        print(f"error: {error.strerror}: {args.file}", file=sys.stderr)
        return 2
    options = imp.ImportOptions(
        duplicates=imp.Policy(args.duplicates),
        channel=args.channel,
        campaign=args.campaign,
        owner_id=_user_id(store, args.owner),
        stage_id=_stage_id(store, args.stage),
        user_id=_user_id(store, args.owner),
    )
    source = imp.load(store, Path(args.file).name, data)
    report = imp.plan(store, source, options) if args.dry_run else imp.apply(store, source, options)
    unknown = source.unknown_columns()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        if unknown:
            print(f"not imported: {', '.join(unknown)}", file=sys.stderr)
        return 0
    done = "dry run, nothing written" if args.dry_run else f"batch {report.batch_id}"
    print(f"{report.created} created, {report.updated} updated, {report.skipped} skipped, "
          f"{len(report.rejected)} rejected ({done}).")
    for outcome in report.rows:
        if outcome.action in (imp.engine.SKIP, imp.engine.REJECT):
            print(f"  row {outcome.row}: {outcome.action}: {outcome.reason}")
    for notice in report.notices:
        print(f"  {notice}")
    if unknown:
        print(f"  columns not imported: {', '.join(unknown)}")
    return 0


def _user_id(store: Store, initials: str | None) -> int | None:
    if not initials:
        return None
    for user in store.users.list():
        if user.initials.lower() == initials.lower():
            return user.id
    raise ProspectsError(f"no user with the initials {initials}")


def _stage_id(store: Store, name: str | None) -> int | None:
    if not name:
        return None
    for stage in store.stages.list():
        if stage.name.lower() == name.lower():
            return stage.id
    raise ProspectsError(f"no stage named {name}")


@command("export")
def run_export(store: Store, args: argparse.Namespace) -> int:
    frame = exporting.export_frame(store)
    if args.format == "json":
        payload: bytes = exporting.to_json_text(frame).encode("utf-8")
    elif args.format == "xlsx":
        payload = exporting.to_xlsx_bytes(frame)
    else:
        payload = exporting.to_csv_bytes(frame, delimiter=args.delimiter)
    if args.output:
        Path(args.output).write_bytes(payload)
        print(f"{len(frame)} prospects written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    return 0


@command("undo-import")
def run_undo_import(store: Store, args: argparse.Namespace) -> int:
    """Print what the undo put back, then each prospect it kept and why."""
    from prospects.importing import undoing  # imported here: this command's edit stays in this command

    result = imp.undo(store, args.batch_id, None)
    print("\n".join(undoing.result_sentences(store, result)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = Store.open(database_path(args.db), busy_timeout=30.0)
        with store.hold():
            return COMMANDS[args.command](store, args)
    except ProspectsError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
