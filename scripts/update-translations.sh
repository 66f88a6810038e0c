#!/usr/bin/env bash
# Refresh ui/i18n/*.ts from the tr()/translate() calls in ui/, keeping existing
# translations; then translate what lupdate marks "unfinished" (a test fails
# while any remain). The .qm files are compiled at run time, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyside6-lupdate ui/*.py ui/screens/*.py ui/clerk/*.py -no-obsolete \
    -source-language en -target-language zh_CN -ts ui/i18n/kiosk_zh_CN.ts
