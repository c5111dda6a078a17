#!/usr/bin/env bash
# Rewrite the KNOWN table of tests/test_layers.py from the code as it is (after fixing an arrow).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python scripts/known_layer_breaches.py > /tmp/known_layers.txt
.venv/bin/python - <<'PY'
from pathlib import Path
path = Path("tests/test_layers.py")
text = path.read_text()
start = text.index("KNOWN: dict[str, int] = {")
end = text.index("}\n", start) + 2
path.write_text(text[:start] + Path("/tmp/known_layers.txt").read_text() + text[end:])
PY
