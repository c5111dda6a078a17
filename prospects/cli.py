"""The command line: a thin layer over the package, for everything users do in bulk.

    python -m prospects --db PATH demo
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from prospects import demo
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
    return parser


@command("demo")
def run_demo(store: Store, args: argparse.Namespace) -> int:
    prospects, actions = demo.load(store, prospects=args.prospects, seed=args.seed)
    if args.json:
        print(json.dumps({"prospects": prospects, "actions": actions}))
    else:
        print(f"Demo pipeline written to {store.path}: {prospects} prospects, {actions} actions.")
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
