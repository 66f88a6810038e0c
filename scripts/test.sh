#!/usr/bin/env bash
# Set up, then run the linter and the whole test suite (offscreen Qt).
#   scripts/test.sh            everything except the soak tests
#   scripts/test.sh --soak     only the long soak tests
# Other arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
args=()
for arg in "$@"; do
    if [ "$arg" = "--soak" ]; then args+=(-m soak); else args+=("$arg"); fi
done
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "${args[@]}"
