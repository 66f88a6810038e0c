"""Reading an e-passport with BAC through a real pcscd and vpcd."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.device import CardReadIncomplete, DeviceEventKind
from drivers.icao_passport import PassportAccessDenied, read_passport
from drivers.identity_document import IdentityDocumentType
from drivers.simulated.virtual_passport import VirtualPassport
from drivers.simulated.vpcd_card import VpcdCard
from tests.pcsc.conftest import WAIT_S

TODAY = dt.date(2026, 11, 30)
# The ICAO 9303 specimen the virtual passport carries by default.
NUMBER, BIRTH, EXPIRY = "L898902C3", dt.date(1974, 8, 12), dt.date(2012, 4, 15)
FACE = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 12 + b"\xff\xd9"


@pytest.fixture
def passport(pcscd):
    card = VpcdCard(VirtualPassport(face_jpeg=FACE), pcscd.vpcd_port)
    yield card
    card.remove()


def test_reads_the_passport_with_basic_access_control(reader, passport):
    passport.insert()
    with reader.connect(timeout_s=WAIT_S) as connection:
        data = read_passport(connection, NUMBER, BIRTH, EXPIRY, today=TODAY, read_face=True)
    assert data.mrz.surname == "ERIKSSON"
    assert data.mrz.given_names == "ANNA MARIA"
    assert data.mrz.nationality == "UTO"
    assert data.data_groups == (1, 2)
    assert data.face_image == FACE
    document = data.to_identity_document()
    assert document.doc_type is IdentityDocumentType.PASSPORT
    assert (document.id_number, document.sex, document.birth_date) == (NUMBER, "F", BIRTH)
    assert document.valid_to == EXPIRY
    assert not document.is_valid_on(TODAY)  # the specimen expired in 2012
    assert "ERIKSSON" not in repr(document) and NUMBER not in repr(document)


def test_wrong_details_are_refused_clearly_and_the_right_ones_still_work(reader, passport):
    passport.insert()
    with reader.connect(timeout_s=WAIT_S) as connection:
        with pytest.raises(PassportAccessDenied, match="do not match the passport"):
            read_passport(connection, NUMBER, BIRTH, dt.date(2012, 4, 16), today=TODAY)
    with reader.connect(timeout_s=WAIT_S) as connection:
        assert read_passport(connection, NUMBER, BIRTH, EXPIRY, today=TODAY).mrz.surname == (
            "ERIKSSON"
        )


def test_passport_pulled_mid_read_is_incomplete(reader, passport, events):
    recorded = events(reader)
    passport.insert()
    with reader.connect(timeout_s=WAIT_S) as connection:
        passport.remove_after_apdus(5)  # SELECT, GET CHALLENGE, EXT AUTH, 2 more
        with pytest.raises(CardReadIncomplete):
            read_passport(connection, NUMBER, BIRTH, EXPIRY, today=TODAY, read_face=True)
    recorded.wait_for(DeviceEventKind.CARD_REMOVED)


# -- vsmartcard's own emulator ----------------------------------------------------------

# vicc -t ePass asks for the MRZ on standard input; this is the example its prompt gives.
VICC_MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIX<<<<<<<<<<<<<<<<<<<L898902C<3UTO6908061F9406236ZE184226B<<<<<14"
)


def _vicc_command(port: int) -> tuple[list[str], dict[str, str]] | None:
    vicc = shutil.which("vicc")
    if vicc is None:
        return None
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    # Debian 12 installs the module one directory too deep (vsmartcard issue #216).
    nested = Path("/usr/lib/python3/site-packages/virtualsmartcard")
    if (nested / "virtualsmartcard").is_dir():
        env["PYTHONPATH"] = str(nested)
    return [vicc, "-t", "ePass", "-H", "127.0.0.1", "-P", str(port)], env


def _vicc_problem(command: list[str], env: dict[str, str]) -> str | None:
    """Why vicc cannot emulate an ePass here, or None if it can start."""
    probe = (
        "import builtins, sys; builtins.raw_input = input\n"
        "from virtualsmartcard.CardGenerator import CardGenerator\n"
        "from virtualsmartcard.cards.ePass import PassportSAM\n"
    )
    python = Path(command[0]).read_text(errors="replace").splitlines()[0][2:].strip()
    result = subprocess.run(
        [python or sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        return lines[-1] if lines else f"exit {result.returncode}"
    return None


def test_reads_vsmartcard_vicc_epass(reader, pcscd, events):
    found = _vicc_command(pcscd.vpcd_port)
    if found is None:
        pytest.fail("vicc not found: install the Debian package vsmartcard-vpicc")
    command, env = found
    problem = _vicc_problem(command, env)
    if problem is not None:
        # Debian 12's python3-virtualsmartcard is the Python 2 code base (raw_input,
        # str file names, PyCrypto): its ePass cannot run on Python 3 at all.
        pytest.skip(f"this distribution's vicc cannot emulate an ePass: {problem}")
    recorded = events(reader)
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdin is not None
        process.stdin.write(f"{VICC_MRZ}\n\n".encode())
        process.stdin.close()
        recorded.wait_for(DeviceEventKind.CARD_INSERTED)
        with reader.connect(timeout_s=WAIT_S) as connection:
            data = read_passport(
                connection, "L898902C", dt.date(1969, 8, 6), dt.date(1994, 6, 23), today=TODAY
            )
        assert data.mrz.surname == "ERIKSSON"
    finally:
        process.kill()
        process.wait(timeout=WAIT_S)
