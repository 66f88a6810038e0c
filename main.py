"""Shanghai 一网通办 self-service kiosk: the one entry point.

    python main.py demo                 kiosk + embedded platform + simulated devices
    python main.py kiosk --config FILE  the kiosk, configured for a real terminal
    python main.py enrol --config FILE --code CODE [--location TEXT]
    python main.py clerk [--platform URL] [--data-dir DIR] [--ice-address ADDR ...]
                         [--camera DEV] [--microphone DEV] [--speaker DEV]
                         [--windowed] [--demo]   the clerk console
    python main.py platform             the reference platform server
    python main.py screenshots --out DIR
    python main.py outbox --config FILE [--flush]
    python main.py diagnose --config FILE [--report FILE]
    python main.py trust-data --config FILE [--refresh]
    python main.py verify --case FILE.json [FILE ...]
    python main.py scan-image FILE [FILE ...]
    python main.py publish-release --platform-data DIR --archive FILE --version V
    python main.py install --archive FILE (--metadata-url URL | --metadata-dir DIR)
                           --trusted-root ROOT.json --prefix DIR
    python main.py launch --prefix DIR  (what the systemd unit runs)
    python main.py rollback --prefix DIR   a technician's rollback
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DEMO_DIR = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / (
    "yiwangtongban-kiosk"
)


def _has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def command_demo(args: argparse.Namespace) -> int:
    from ui.demo import run_demo

    if not _has_display():
        print(
            "No display found (DISPLAY/WAYLAND_DISPLAY unset). Run on the kiosk's desktop, or "
            "look at the screens with: python main.py screenshots --out screenshots",
            file=sys.stderr,
        )
        return 2
    return run_demo(Path(args.data_dir), windowed=args.windowed, portrait=args.portrait)


def command_kiosk(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, KioskConfig
    from ui.kiosk_app import assemble_kiosk

    try:
        config = KioskConfig.load(Path(args.config))
    except ConfigError as exc:
        print(f"configuration refused: {exc}", file=sys.stderr)
        return 2
    kiosk = assemble_kiosk(config, defer_devices=True, lockdown=not args.windowed)
    if args.windowed:
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    try:
        return kiosk.app.exec()
    finally:
        kiosk.shutdown()


def command_enrol(args: argparse.Namespace) -> int:
    from kiosk.device_identity import enrol_command

    return enrol_command(Path(args.config), args.code, args.location)


def command_clerk(args: argparse.Namespace) -> int:
    if not _has_display():
        print("No display found (DISPLAY/WAYLAND_DISPLAY unset).", file=sys.stderr)
        return 2
    from kiosk.remote_window.ice_addresses import restrict_host_addresses

    if args.ice_address:
        try:
            restrict_host_addresses(args.ice_address)
        except ValueError as exc:
            print(f"--ice-address refused: {exc}", file=sys.stderr)
            return 2
    camera = None
    if args.camera is not None:
        from drivers.opencv_camera import OpenCvCamera

        camera = OpenCvCamera(int(args.camera) if args.camera.isdigit() else args.camera)
        camera.open()
    platform = None
    platform_url = args.platform
    if args.demo:
        # The embedded platform seeds the demo clerks (clerk01 / window-demo-01 ...).
        from reference_platform.server import EmbeddedPlatform
        from reference_platform.settings import PlatformSettings

        platform = EmbeddedPlatform(
            PlatformSettings(data_dir=Path(args.data_dir) / "demo-platform")
        ).start()
        platform_url = platform.url
        print(
            f"demo platform at {platform_url}: sign in as clerk01 / window-demo-01 and go"
            " available; a simulated resident is waiting"
        )
    from ui.clerk_window import run_clerk_console

    try:
        return run_clerk_console(
            platform_url,
            Path(args.data_dir),
            windowed=args.windowed,
            camera=camera,
            demo_platform=platform,
            audio_devices=(args.microphone, args.speaker),
        )
    finally:
        if platform is not None:
            platform.stop()


def command_platform(args: argparse.Namespace) -> int:
    from reference_platform.server import run

    run(host=args.host, port=args.port, data_dir=Path(args.data_dir))
    return 0


def command_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.clerk.screenshots import write_clerk_screenshots
    from ui.screenshots import write_screenshots

    written = write_screenshots(Path(args.out))
    written += write_clerk_screenshots(Path(args.out) / "clerk")
    print(f"{len(written)} screenshots written to {args.out}")
    return 0


def command_outbox(args: argparse.Namespace) -> int:
    from kiosk.outbox_report import outbox_command

    return outbox_command(Path(args.config), flush=args.flush)


def command_diagnose(args: argparse.Namespace) -> int:
    from kiosk.self_check import diagnose_command

    return diagnose_command(Path(args.config), Path(args.report) if args.report else None)


def command_technician_pin(args: argparse.Namespace) -> int:
    from kiosk.technician_access import set_pin_command

    return set_pin_command(Path(args.config))


def command_trust_data(args: argparse.Namespace) -> int:
    from kiosk.trust_report import trust_data_command

    return trust_data_command(Path(args.config), refresh=args.refresh)


def command_verify(args: argparse.Namespace) -> int:
    from kiosk.suishen.conformance import verify_cases_command

    return verify_cases_command([Path(case) for case in args.case])


def command_scan_image(args: argparse.Namespace) -> int:
    from drivers.qr_decoder import scan_images_command

    return scan_images_command([Path(name) for name in args.files])


def command_publish_release(args: argparse.Namespace) -> int:
    from reference_platform.update_repository import publish_release_command

    return publish_release_command(Path(args.platform_data), Path(args.archive), args.version)


def command_install(args: argparse.Namespace) -> int:
    from kiosk.updates.installer import install_command

    return install_command(
        prefix=Path(args.prefix),
        trusted_root=Path(args.trusted_root),
        archive=Path(args.archive) if args.archive else None,
        metadata_url=args.metadata_url,
        metadata_dir=Path(args.metadata_dir) if args.metadata_dir else None,
    )


def command_launch(args: argparse.Namespace) -> int:
    from kiosk.updates.installer import launch_command

    return launch_command(Path(args.prefix), args.args)


def command_rollback(args: argparse.Namespace) -> int:
    from kiosk.updates.installer import rollback_command

    return rollback_command(Path(args.prefix))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description="Shanghai one-network government services kiosk"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="kiosk with an embedded platform and simulated devices")
    demo.add_argument("--data-dir", default=str(DEFAULT_DEMO_DIR / "demo"))
    demo.add_argument("--windowed", action="store_true", help="a 1920x1080 window, not full screen")
    demo.add_argument("--portrait", action="store_true", help="a 1080x1920 window")
    demo.set_defaults(handler=command_demo)

    kiosk = commands.add_parser("kiosk", help="run the kiosk from a configuration file")
    kiosk.add_argument("--config", required=True)
    kiosk.add_argument("--windowed", action="store_true")
    kiosk.set_defaults(handler=command_kiosk)

    enrol = commands.add_parser(
        "enrol", help="register this kiosk's device key with a one-time code from the platform"
    )
    enrol.add_argument("--config", required=True)
    enrol.add_argument("--code", required=True, help="the enrolment code, e.g. ABCD-EFGH")
    enrol.add_argument("--location", default="", help="where the terminal stands")
    enrol.set_defaults(handler=command_enrol)

    clerk = commands.add_parser("clerk", help="the clerk console (remote virtual window)")
    clerk.add_argument("--platform", default="http://127.0.0.1:8700", help="the platform's URL")
    clerk.add_argument("--data-dir", default=str(DEFAULT_DEMO_DIR / "clerk"), help="recordings")
    clerk.add_argument(
        "--ice-address",
        action="append",
        metavar="ADDR",
        help="send media only from this local address (repeatable)",
    )
    clerk.add_argument("--camera", help="the clerk's camera: a device index or path")
    clerk.add_argument(
        "--microphone", default="default", help="ALSA device of the headset, or 'simulated'"
    )
    clerk.add_argument("--speaker", default="default", help="ALSA device, or 'simulated'")
    clerk.add_argument("--windowed", action="store_true", help="a 1600x960 window, not maximised")
    clerk.add_argument(
        "--demo",
        action="store_true",
        help="an embedded platform with demo clerk accounts and a simulated resident calling",
    )
    clerk.set_defaults(handler=command_clerk)

    platform = commands.add_parser("platform", help="run the reference platform server")
    platform.add_argument("--host", default="127.0.0.1")
    platform.add_argument("--port", type=int, default=8700)
    platform.add_argument("--data-dir", default=str(DEFAULT_DEMO_DIR / "platform"))
    platform.set_defaults(handler=command_platform)

    shots = commands.add_parser(
        "screenshots", help="write a PNG of every kiosk screen, and the clerk console's"
    )
    shots.add_argument("--out", required=True)
    shots.set_defaults(handler=command_screenshots)

    outbox = commands.add_parser("outbox", help="show (and deliver) records waiting for the platform")
    outbox.add_argument("--config", required=True)
    outbox.add_argument("--flush", action="store_true", help="deliver what is due now, then exit")
    outbox.set_defaults(handler=command_outbox)
    diagnose = commands.add_parser(
        "diagnose", help="technician self-check (exit 0 ok, 1 warnings, 2 failures, 3 bad config)"
    )
    diagnose.add_argument("--config", required=True)
    diagnose.add_argument("--report", help="also write a JSON report a technician can send")
    diagnose.set_defaults(handler=command_diagnose)

    pin = commands.add_parser(
        "technician-pin", help="set the PIN of the hidden technician screen (asked twice)"
    )
    pin.add_argument("--config", required=True)
    pin.set_defaults(handler=command_technician_pin)

    trust = commands.add_parser(
        "trust-data", help="how old the Suishen trust data is (exit 1 when stale)"
    )
    trust.add_argument("--config", required=True)
    trust.add_argument("--refresh", action="store_true", help="fetch from the platform first")
    trust.set_defaults(handler=command_trust_data)

    verify = commands.add_parser(
        "verify", help="run Suishen code (SC1) conformance cases; one JSON line per case"
    )
    verify.add_argument("--case", nargs="+", required=True, metavar="FILE.json")
    verify.set_defaults(handler=command_verify)

    scan = commands.add_parser("scan-image", help="decode QR codes in pictures with the kiosk's decoder")
    scan.add_argument("files", nargs="+", metavar="FILE")
    scan.set_defaults(handler=command_scan_image)

    publish = commands.add_parser(
        "publish-release", help="sign a kiosk release into a platform's update repository"
    )
    publish.add_argument("--platform-data", required=True, help="the platform's data dir")
    publish.add_argument("--archive", required=True, help="the release tar.gz (VERSION at top)")
    publish.add_argument("--version", required=True, help="dotted decimal, e.g. 1.4.2")
    publish.set_defaults(handler=command_publish_release)

    install = commands.add_parser(
        "install", help="verify a release (TUF), install it under a prefix, switch atomically"
    )
    install.add_argument("--archive", help="a local release archive (default: download newest)")
    source = install.add_mutually_exclusive_group(required=True)
    source.add_argument("--metadata-url", help="e.g. https://platform/api/v1/updates/metadata/")
    source.add_argument("--metadata-dir", help="a copied update repository (metadata/, targets/)")
    install.add_argument("--trusted-root", required=True, help="the update root.json to trust")
    install.add_argument("--prefix", required=True, help="install root, e.g. /opt/kiosk")
    install.set_defaults(handler=command_install)

    launch = commands.add_parser(
        "launch", help="roll back an unconfirmed update, then start the current release"
    )
    launch.add_argument("--prefix", required=True)
    launch.add_argument("args", nargs=argparse.REMAINDER)
    launch.set_defaults(handler=command_launch)

    rollback = commands.add_parser(
        "rollback", help="technician: back to the previous release (restart the kiosk after)"
    )
    rollback.add_argument("--prefix", required=True)
    rollback.set_defaults(handler=command_rollback)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
