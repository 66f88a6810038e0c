"""Runs SC1 conformance cases (spec section 8): `python main.py verify --case FILE.json ...`.

One JSON line per case: {"id": ..., "results": [...]}, one result per
presentation, in order. Each case gets a fresh trust store and replay
memory. Results are reported, not judged: the exit status is 0 even when
they differ from "expected" (1 only when a case file cannot be read).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.suishen.replay import InMemoryReplayMemory
from kiosk.suishen.results import TrustUpdateOutcome, VerificationResult
from kiosk.suishen.trust_documents import TrustDocumentKind
from kiosk.suishen.trust_state import TrustStore
from kiosk.suishen.verifier import verify_presentation

ImageDecoder = Callable[[Path], list[str]]


class CaseFileError(ValueError):
    """The case file is not a readable SC1 conformance case."""


@dataclass(frozen=True)
class CaseOutcome:
    case_id: str
    results: list[VerificationResult]
    expected: list[str | None]
    sync_outcomes: list[TrustUpdateOutcome]

    @property
    def as_expected(self) -> bool:
        return [result.value for result in self.results] == self.expected


def _default_image_decoder(path: Path) -> list[str]:
    # Imported on first use: only picture presentations need the QR decoder and its numpy/cv stack.
    from drivers.qr_decoder import decode_image_file

    return decode_image_file(path)


def _hex(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise CaseFileError(f"{what} is not a hex string")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise CaseFileError(f"{what} is not hex") from exc


def _sync_documents(case: dict) -> list[tuple[TrustDocumentKind, bytes]]:
    if "sync" in case:
        documents = []
        for index, entry in enumerate(case["sync"]):
            try:
                kind = TrustDocumentKind(entry["kind"])
            except (KeyError, TypeError, ValueError) as exc:
                raise CaseFileError(f"sync[{index}] has no valid kind") from exc
            documents.append((kind, _hex(entry.get("hex"), f"sync[{index}].hex")))
        return documents
    documents = []
    if "trust_list" in case:
        documents.append((TrustDocumentKind.TRUST_LIST, _hex(case["trust_list"], "trust_list")))
    if "revocation_list" in case:
        documents.append(
            (TrustDocumentKind.REVOCATION_LIST, _hex(case["revocation_list"], "revocation_list"))
        )
    return documents


def _presented_text(presentation: dict, case_dir: Path, decode_image: ImageDecoder) -> str:
    if "qr" in presentation:
        text = presentation["qr"]
        if not isinstance(text, str):
            raise CaseFileError('"qr" is not a string')
        return text
    if "png" in presentation:
        if not isinstance(presentation["png"], str):
            raise CaseFileError('"png" is not a file name')
        picture = case_dir / presentation["png"]
        if not picture.is_file():
            # Still a presentation with no readable code, but say so: likely a packaging slip.
            print(f"picture not found: {picture}", file=sys.stderr)
        texts = decode_image(picture)
        # Prefer a code that claims to be SC1 if the picture holds several.
        for text in texts:
            if text.startswith("SC1:"):
                return text
        # No readable code: an empty text, which the verifier reports as
        # INVALID_FORMAT (after the trust-data check, as section 7 orders).
        return texts[0] if texts else ""
    raise CaseFileError('a presentation has neither "qr" nor "png"')


def run_case(path: Path, decode_image: ImageDecoder = _default_image_decoder) -> CaseOutcome:
    try:
        case = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseFileError(f"{path}: {exc}") from exc
    if not isinstance(case, dict) or not isinstance(case.get("presentations"), list):
        raise CaseFileError(f"{path}: not a conformance case")
    store = TrustStore(_hex(case.get("anchor_spki", ""), "anchor_spki"))
    sync_outcomes = [store.apply(kind, document) for kind, document in _sync_documents(case)]
    replay = InMemoryReplayMemory()
    results, expected = [], []
    for presentation in case["presentations"]:
        if not isinstance(presentation, dict) or type(presentation.get("at")) is not int:
            raise CaseFileError(f'{path}: a presentation lacks an integer "at"')
        text = _presented_text(presentation, path.parent, decode_image)
        verification = verify_presentation(text, store.state, presentation["at"], replay)
        results.append(verification.result)
        expected.append(presentation.get("expected"))
    return CaseOutcome(str(case.get("id", path.stem)), results, expected, sync_outcomes)


def verify_cases_command(paths: list[Path]) -> int:
    unreadable = 0
    for path in paths:
        try:
            outcome = run_case(path)
        except CaseFileError as exc:
            unreadable += 1
            print(f"case not run: {exc}", file=sys.stderr)
            continue
        line = {"id": outcome.case_id, "results": [result.value for result in outcome.results]}
        try:
            print(json.dumps(line, ensure_ascii=False), flush=True)
        except BrokenPipeError:
            # The reader stopped early (`... | head`): not an error of the run.
            # Point stdout at devnull so the interpreter's final flush stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    return 1 if unreadable else 0
