#!/usr/bin/env bash
# Set up and start the app on data/prospects.duckdb (or $PROSPECTS_DB).
# prospects/serve.py serves app.py through Streamlit, answering only this computer's names.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run prospects/serve.py "$@"
