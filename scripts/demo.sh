#!/usr/bin/env bash
# Set up, then run the kiosk demo: embedded reference platform, simulated devices.
# Extra arguments go to `main.py demo` (e.g. --windowed, --portrait).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python main.py demo "$@"
