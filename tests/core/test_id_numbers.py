import datetime as dt

import pytest

from kiosk.id_numbers import (
    age_on,
    birth_date_of,
    id_number_problem,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    mask_phone,
)

DEMO_NUMBERS = [
    "310115195105120021",
    "310104196809030118",
    "310105199402180042",
    "310110198911250033",
    "310106201007010066",
    "310107197903140050",
]


@pytest.mark.parametrize("number", DEMO_NUMBERS)
def test_demo_numbers_pass_the_checksum(number):
    assert is_valid_id_number(number)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("31011519510512002", "length"),
        ("3101151951051200211", "length"),
        ("31011519510512002A", "characters"),
        ("310115195113120021", "birth_date"),  # month 13
        ("310115195105120022", "checksum"),
        ("310115189905120021", "birth_date"),
    ],
)
def test_each_kind_of_bad_number_is_named(number, problem):
    assert id_number_problem(number) == problem


def test_lowercase_x_check_character_is_accepted():
    # 11010519491231002X is the standard's own example.
    assert is_valid_id_number("11010519491231002x")


def test_birth_date_and_age():
    born = birth_date_of("310115195105120021")
    assert born == dt.date(1951, 5, 12)
    assert age_on(born, dt.date(2026, 5, 11)) == 74
    assert age_on(born, dt.date(2026, 5, 12)) == 75


def test_masks_keep_only_what_a_receipt_shows():
    assert mask_id_number("310115195105120021") == "3101**********0021"
    assert mask_name("王秀英") == "王*英"
    assert mask_name("张伟") == "张*"
    assert mask_phone("13917650321") == "139****0321"
