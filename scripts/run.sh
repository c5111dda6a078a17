#!/usr/bin/env bash
# Set up and start the app on data/prospects.duckdb (or $PROSPECTS_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run app.py "$@"
