"""The command line: a thin layer over the package, for everything users do in bulk.

    python -m prospects --db PATH demo
    python -m prospects --db PATH import FILE [--dry-run] [--duplicates skip|update|create] [--json]
    python -m prospects --db PATH export [--format csv|xlsx|json] [-o FILE [--force]]
    python -m prospects --db PATH undo-import BATCH_ID
    python -m prospects --db PATH [--as INITIALS] password INITIALS   (the new password on stdin)

`--as INITIALS` (or $PROSPECTS_USER) names who acts: the author of every change, seeing what that
user may see. Without it a command acts as the local administrator of the file, named so in the audit.

Every failure is one line on stderr and exit status 2; an unexpected one also writes its
traceback to the log file (`config.log_path()`), never to the terminal.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from prospects import importing as imp
from prospects.config import database_path, log_path
from prospects.errors import ProspectsError, UsageError
from prospects.i18n import LANGUAGES, set_language, t
from prospects.services import Store, auth, demo, exporting, imports, open_store

Command = Callable[[Store, argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    def register(function: Command) -> Command:
        COMMANDS[name] = function
        return function

    return register


class Parser(argparse.ArgumentParser):
    """argparse, whose mistakes become one line (raised) instead of the usage text and an exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see python -m prospects --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m prospects", description="Prospects from the command line.")
    parser.add_argument("--db", help="database file (default: $PROSPECTS_DB, then data/prospects.duckdb)")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of a new database's stages and lists, and of error messages (default: en)")
    parser.add_argument("--as", dest="as_user", metavar="INITIALS",
                        help="act as this user (default: $PROSPECTS_USER, else the local administrator of the file)")
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
    # Without them, the batch gets what the last batch of a file of the same shape (its columns) was given.
    p_import.add_argument("--channel", help="channel of the whole batch (when a row has none; default: as the "
                          "last file with the same columns)")
    p_import.add_argument("--campaign", help='campaign label of the batch, e.g. "Salon Transport 2026" (default: '
                          "as the last file with the same columns)")
    p_import.add_argument("--owner", help="initials of the owner (when a row has none; default: as the last file "
                          "with the same columns)")
    p_import.add_argument("--stage", help="stage name (when a row has none)")
    p_export = sub.add_parser("export", help="export every prospect with every field")
    p_export.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    p_export.add_argument("--delimiter", choices=[",", ";"], default=",", help="CSV delimiter")
    p_export.add_argument("-o", "--output", help="file to write (default: standard output)")
    p_export.add_argument("--force", action="store_true",
                          help="replace the output file if it exists (never the database itself)")
    p_undo = sub.add_parser("undo-import", help="undo an import batch")
    p_undo.add_argument("batch_id", type=int)
    p_password = sub.add_parser("password", help="set a user's password (read from the terminal or stdin)")
    p_password.add_argument("initials")
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
        owner_id=imports.user_id_by_initials(store, args.owner),
        stage_id=imports.stage_id_by_name(store, args.stage),
        user_id=auth.current_viewer().user_id or imports.user_id_by_initials(store, args.owner),
    )
    source = imports.read_file(store, Path(args.file).name, data)
    options, remembered = with_remembered_batch(store, source, options, args)
    report = imports.preview(store, source, options) if args.dry_run else imports.apply(store, source, options)
    unknown = source.unknown_columns()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        if remembered:
            print(remembered, file=sys.stderr)
        if unknown:
            print(f"not imported: {', '.join(unknown)}", file=sys.stderr)
        return 0
    if remembered:
        print(remembered)
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


def with_remembered_batch(
    store: Store, source: imp.ImportSource, options: imp.ImportOptions, args: argparse.Namespace
) -> tuple[imp.ImportOptions, str | None]:
    """The batch's channel, campaign and owner the last batch of a file of this shape was given
    (`imports.remembered_batch`, as the import page offers them), for those the command does not give:
    a given option wins, even an empty one (`--channel ""`: no channel). Also the line that says which
    were used, in the user's language; None when none were."""
    given = {"channel": args.channel, "campaign": args.campaign, "owner_id": args.owner}
    used = {name: value for name, value in imports.remembered_batch(store, source).items()
            if name in given and given[name] is None}
    if not used:
        return options, None
    owners = imports.owner_choices(store)
    values = ", ".join(
        t("import.cli.remembered_value", field=t(f"field.{name.removesuffix('_id')}"),
          value=owners.get(value, value) if name == "owner_id" else value)
        for name, value in used.items()
    )
    return dataclasses.replace(options, **used), t("import.cli.remembered", values=values)


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
        exporting.write_export(Path(args.output), payload, database=store.path, force=args.force)
        print(f"{len(frame)} prospects written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    return 0


@command("undo-import")
def run_undo_import(store: Store, args: argparse.Namespace) -> int:
    """Print what the undo put back, then each prospect it kept and why."""
    result = imports.undo(store, args.batch_id, auth.current_viewer().user_id)
    print("\n".join(imports.result_sentences(store, result)))
    return 0


@command("password")
def run_password(store: Store, args: argparse.Namespace) -> int:
    """Set a password: how the first manager gets one on a server that asks everyone to sign in."""
    user = auth.command_line_viewer(store, args.initials)
    password = getpass.getpass("New password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    auth.reset_password(store, user.user_id, password)
    print(f"Password set for {user.name}; their sessions have ended.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr and exit status 2."""
    root = logging.getLogger()
    handler = LogFile()
    root.addHandler(handler)
    logging.captureWarnings(True)  # a library's warning is for the log, not the terminal
    try:
        args = build_parser().parse_args(argv)
        if args.lang:
            set_language(args.lang)
        store = open_store(database_path(args.db), busy_timeout=30.0, language=args.lang)
        with store.hold():
            acting = auth.command_line_viewer(store, args.as_user or os.environ.get("PROSPECTS_USER"))
            with auth.acting_as(acting):
                return COMMANDS[args.command](store, args)
    except ProspectsError as error:
        return fail(error.message)
    except KeyboardInterrupt:
        return fail(t("error.interrupted"))
    except Exception:  # noqa: BLE001 - the one place where an unexpected error is turned into a sentence
        command_line = " ".join(sys.argv[1:] if argv is None else argv)
        logging.getLogger(__name__).error("python -m prospects %s\n%s", command_line, traceback.format_exc())
        return fail(t("error.unexpected_logged", log=log_path()))
    finally:
        logging.captureWarnings(False)
        root.removeHandler(handler)


def fail(message: str) -> int:
    """One line on stderr (a message never spreads over several), exit status 2."""
    print(f"error: {' '.join(message.splitlines())}", file=sys.stderr)
    return 2


class LogFile(logging.Handler):
    """Appends records to `config.log_path()`, creating its folder when first needed.

    Never raises and never prints: a log that cannot be written must not add a line to the terminal.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            path = log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as file:
                file.write(self.format(record) + "\n")
        except Exception:  # noqa: BLE001, S110 - see the docstring
            pass
