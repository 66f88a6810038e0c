"""The tuf-conformance client CLI keeps its protocol (exit codes, files) against our platform."""

from __future__ import annotations

from kiosk.updates.conformance_cli import main


def test_init_refresh_download_and_failure(platform, trusted_root, archives, tmp_path):
    release = platform.publish_release(archives("1.0"), "1.0")
    metadata, targets = tmp_path / "metadata", tmp_path / "targets"
    metadata.mkdir()
    targets.mkdir()
    common = ["--metadata-dir", str(metadata), "--metadata-url", platform.updates_metadata_url]
    assert main(["--metadata-dir", str(metadata), "init", str(trusted_root)]) == 0
    assert main([*common, "refresh"]) == 0
    assert {"root.json", "timestamp.json", "snapshot.json", "targets.json"} <= {
        p.name for p in metadata.iterdir()
    }
    download = [
        *common,
        "--target-name", release.target_name,
        "--target-base-url", platform.updates_targets_url,
        "--target-dir", str(targets),
        "download",
    ]  # fmt: skip
    assert main(download) == 0
    assert (targets / release.target_name).read_bytes() == archives("1.0").read_bytes()
    assert main(download) == 0  # cached: verified and reused

    stored = platform.update_repository.targets_dir / f"{release.sha256}.{release.target_name}"
    stored.write_bytes(b"not the release")
    (targets / release.target_name).unlink()
    assert main(download) == 1
