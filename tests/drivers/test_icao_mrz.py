import datetime as dt

import pytest

from drivers.icao_mrz import (
    MrzError,
    MrzField,
    bac_mrz_information,
    check_digit,
    parse_td3,
    split_td3,
)

TODAY = dt.date(2026, 11, 30)
# ICAO 9303 part 4 specimen (Utopia).
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def test_check_digits_follow_7_3_1():
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("<<<<") == "0"


def test_parses_the_specimen():
    mrz = parse_td3(f"{LINE1}\n{LINE2}", TODAY)
    assert (mrz.document_code, mrz.issuing_state, mrz.nationality) == ("P", "UTO", "UTO")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.document_number == "L898902C3"
    assert mrz.birth_date == dt.date(1974, 8, 12)
    assert mrz.expiry_date == dt.date(2012, 4, 15)
    assert mrz.sex == "F"
    assert mrz.optional_data == "ZE184226B"
    assert mrz.bac_mrz_information() == "L898902C3674081221204159"
    assert parse_td3(LINE1 + LINE2, TODAY) == mrz  # one 88-character line
    assert "ERIKSSON" not in repr(mrz) and "L898902C3" not in repr(mrz)


@pytest.mark.parametrize(
    ("position", "replacement", "field"),
    [
        (3, "9", MrzField.DOCUMENT_NUMBER),  # L898 -> L899
        (15, "9", MrzField.BIRTH_DATE),
        (23, "5", MrzField.EXPIRY_DATE),
        (30, "X", MrzField.OPTIONAL_DATA),
        (43, "1", MrzField.COMPOSITE),
    ],
)
def test_a_mistyped_character_names_the_field(position, replacement, field):
    line2 = LINE2[:position] + replacement + LINE2[position + 1 :]
    with pytest.raises(MrzError) as caught:
        parse_td3(LINE1 + line2, TODAY)
    assert caught.value.field is field


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (LINE1 + LINE2[:-1], MrzField.LAYOUT),
        ("I<UTO" + LINE1[5:] + LINE2, MrzField.LAYOUT),
        (LINE1 + LINE2[:20] + "Q" + LINE2[21:], MrzField.SEX),
        (LINE1 + LINE2[:5] + "?" + LINE2[6:], MrzField.CHARACTERS),
    ],
)
def test_malformed_mrz_is_refused(text, field):
    with pytest.raises(MrzError) as caught:
        parse_td3(text, TODAY)
    assert caught.value.field is field


def test_typed_lower_case_and_spaces_are_accepted():
    assert parse_td3(f" {LINE1.lower()}\n {LINE2.lower()} ", TODAY).surname == "ERIKSSON"


def test_unspecified_sex_and_empty_optional_data():
    line2 = "L898902C<3UTO6908061<9406236<<<<<<<<<<<<<<<0"
    line2 = line2[:43] + check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_td3(LINE1 + line2, TODAY)
    assert mrz.sex == "X"
    assert mrz.optional_data == ""
    assert mrz.document_number == "L898902C"


def test_century_of_two_digit_years():
    mrz = parse_td3(LINE1 + LINE2, dt.date(2026, 1, 1))
    assert mrz.birth_date.year == 1974  # not 2074: birth dates are in the past
    assert mrz.expiry_date.year == 2012


def test_bac_input_from_what_a_resident_types():
    assert (
        bac_mrz_information(" l898902c ", dt.date(1969, 8, 6), dt.date(1994, 6, 23))
        == "L898902C<369080619406236"  # ICAO 9303 part 11 appendix D
    )
    with pytest.raises(MrzError) as caught:
        bac_mrz_information("E1234-567", dt.date(1980, 1, 1), dt.date(2030, 1, 1))
    assert caught.value.field is MrzField.DOCUMENT_NUMBER
    with pytest.raises(MrzError) as caught:
        bac_mrz_information("E12345678", dt.date(2030, 1, 1), dt.date(1980, 1, 1))
    assert caught.value.field is MrzField.EXPIRY_DATE


def test_long_document_numbers_use_the_whole_number():
    info = bac_mrz_information("D23145890734", dt.date(1934, 7, 12), dt.date(2013, 7, 12))
    assert info.startswith("D23145890734" + check_digit("D23145890734"))


def test_split_rejects_wrong_line_count():
    with pytest.raises(MrzError):
        split_td3("ABC")
