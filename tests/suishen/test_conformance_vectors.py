"""Every public SC1 conformance case, each presentation's expected result asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.suishen.conformance import CaseFileError, run_case, verify_cases_command
from kiosk.suishen.results import VerificationResult

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "testvectors" / "suishen"
CASES = sorted(VECTORS.glob("*.json")) if VECTORS.is_dir() else []

needs_vectors = pytest.mark.skipif(
    not CASES, reason=f"public SC1 conformance vectors not found at {VECTORS}"
)


@needs_vectors
@pytest.mark.parametrize("case_path", CASES, ids=[path.stem for path in CASES])
def test_public_case(case_path: Path):
    outcome = run_case(case_path)
    expected = [
        presentation["expected"]
        for presentation in json.loads(case_path.read_text())["presentations"]
    ]
    assert [result.value for result in outcome.results] == expected


@needs_vectors
def test_every_result_name_is_exercised_by_the_public_cases():
    seen = set()
    for path in CASES:
        seen |= {p["expected"] for p in json.loads(path.read_text())["presentations"]}
    assert seen == {result.value for result in VerificationResult}


@needs_vectors
def test_command_prints_one_json_line_per_case(capsys):
    picked = [VECTORS / "S-VALID-SM2.json", VECTORS / "EXPIRED-BOUNDARY.json"]
    assert verify_cases_command(picked) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"id": "S-VALID-SM2", "results": ["VALID", "VALID", "VALID"]},
        {"id": "EXPIRED-BOUNDARY", "results": ["VALID", "EXPIRED", "EXPIRED"]},
    ]


def test_command_exits_zero_when_results_differ_and_reports_unreadable_files(tmp_path, capsys):
    case = {
        "id": "WRONG-EXPECTATION",
        "anchor_spki": "00",
        "presentations": [{"at": 0, "qr": "SC1:", "expected": "VALID"}],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    assert verify_cases_command([path]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "id": "WRONG-EXPECTATION",
        "results": ["STALE_TRUST_DATA"],
    }
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert verify_cases_command([broken, path]) == 1
    captured = capsys.readouterr()
    assert "case not run" in captured.err
    assert len(captured.out.splitlines()) == 1


def test_picture_without_code_is_invalid_format(world, tmp_path):
    from tests.suishen.issuing import NOW

    state = world.store.state
    case = {
        "id": "NO-CODE",
        "anchor_spki": world.anchor.spki.hex(),
        "trust_list": state.trust.document.hex(),
        "revocation_list": state.revocations.document.hex(),
        "presentations": [{"at": NOW, "png": "blank.png", "expected": "INVALID_FORMAT"}],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    seen_paths = []

    def no_codes(picture: Path) -> list[str]:
        seen_paths.append(picture)
        return []

    outcome = run_case(path, decode_image=no_codes)
    assert outcome.results == [VerificationResult.INVALID_FORMAT]
    assert seen_paths == [tmp_path / "blank.png"]


def test_case_without_presentations_is_refused(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"id": "X"}))
    with pytest.raises(CaseFileError):
        run_case(path)
