import datetime as dt

import pytest

from drivers.identity_document import (
    IdentityDocument,
    IdentityDocumentType,
    id_number_checksum_valid,
    mask_id_number,
    mask_name,
)


def make_document(**changes) -> IdentityDocument:
    values = dict(
        doc_type=IdentityDocumentType.RESIDENT_ID_CARD,
        name="王秀英",
        sex="F",
        ethnicity="汉",
        birth_date=dt.date(1951, 5, 12),
        address="上海市浦东新区张杨路1588弄12号301室",
        id_number="310115195105120021",
        issuer="上海市公安局浦东分局",
        valid_from=dt.date(2012, 6, 20),
        valid_to=None,
        photo_wlt=b"\x01\x02",
    )
    values.update(changes)
    return IdentityDocument(**values)


def test_repr_masks_personal_data():
    document = make_document()
    text = repr(document)
    assert "王*英" in text
    assert "3101**********0021" in text
    assert "王秀英" not in text
    assert "310115195105120021" not in text
    assert "张杨路" not in text
    assert str(document) == text


@pytest.mark.parametrize(
    ("name", "masked"), [("王秀英", "王*英"), ("张伟", "张*"), ("欧阳娜娜", "欧**娜"), ("李", "*")]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_id_number():
    assert mask_id_number("310115195105120021") == "3101**********0021"


def test_checksum():
    assert id_number_checksum_valid("310115195105120021")
    assert not id_number_checksum_valid("310115195105120022")
    assert not id_number_checksum_valid("31011519510512002")
    assert id_number_checksum_valid("11010519491231002X")


def test_validity_and_age_use_the_given_day():
    long_term = make_document()
    assert long_term.is_valid_on(dt.date(2090, 1, 1))
    assert not long_term.is_valid_on(dt.date(2012, 6, 19))
    limited = make_document(valid_to=dt.date(2032, 6, 20))
    assert limited.is_valid_on(dt.date(2032, 6, 20))
    assert not limited.is_valid_on(dt.date(2032, 6, 21))
    assert limited.age_on(dt.date(2026, 5, 11)) == 74
    assert limited.age_on(dt.date(2026, 5, 12)) == 75


def test_rejects_impossible_values():
    with pytest.raises(ValueError):
        make_document(sex="X")
    with pytest.raises(ValueError):
        make_document(valid_to=dt.date(2000, 1, 1))
