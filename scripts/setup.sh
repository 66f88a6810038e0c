#!/usr/bin/env bash
# Sets up this checkout on a Debian/Ubuntu machine: the Debian packages in
# packaging/debian-packages.txt, then a virtualenv in .venv with the pinned
# Python dependencies. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
while read -r package; do
    case "$package" in ''|'#'*) continue ;; esac
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done < packaging/debian-packages.txt
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python=python3
command -v python3.11 >/dev/null 2>&1 && python=python3.11
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# Reinstall only when the dependency pins change.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
