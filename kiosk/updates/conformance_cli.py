"""The tuf-conformance "client under test" CLI over UpdateClient (docs/updates.md).

    python -m kiosk.updates.conformance_cli --metadata-dir DIR init ROOT.json
    python -m kiosk.updates.conformance_cli --metadata-dir DIR --metadata-url URL refresh
    python -m kiosk.updates.conformance_cli --metadata-dir DIR --metadata-url URL \\
        --target-name PATH --target-base-url URL --target-dir DIR download

Exit 0 on success, 1 on any failure, as the suite's CLI protocol asks. The
suite itself is not part of this project; this is only its entry point.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .update_client import UpdateClient, UpdateError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="conformance_cli")
    parser.add_argument("--metadata-dir", required=True)
    parser.add_argument("--metadata-url")
    parser.add_argument("--target-name", action="append", default=[])
    parser.add_argument("--target-base-url")
    parser.add_argument("--target-dir")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init").add_argument("trusted_root")
    commands.add_parser("refresh")
    commands.add_parser("download")
    args = parser.parse_args(argv)

    metadata_dir = Path(args.metadata_dir)
    if args.command == "init":
        # The protocol's init makes no requests: the root is only stored.
        shutil.copyfile(args.trusted_root, metadata_dir / "root.json")
        return 0
    if not args.metadata_url:
        parser.error("--metadata-url is required")
    client = UpdateClient(
        metadata_dir,
        metadata_dir / "root.json",
        metadata_url=args.metadata_url.rstrip("/") + "/",
        targets_url=(args.target_base_url or args.metadata_url).rstrip("/") + "/",
    )
    try:
        client.refresh()
        for name in args.target_name if args.command == "download" else []:
            client.download_target(name, args.target_dir)
    except UpdateError as exc:
        print(f"conformance client: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
