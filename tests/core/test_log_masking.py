import logging

from kiosk.identity import IdentificationMethod, ResidentIdentity
from kiosk.log_masking import PersonalDataFilter, mask_text


def test_numbers_in_free_text_are_masked():
    text = "refused 310115195105120021 phone 13917650321 card 6222021001234567894"
    masked = mask_text(text)
    assert "310115195105120021" not in masked
    assert "3101**********0021" in masked
    assert "139****0321" in masked
    assert "6222021001234567894" not in masked


def test_filter_rewrites_log_records(caplog):
    logger = logging.getLogger("test.masking")
    handler_filter = PersonalDataFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        logger.warning("lookup failed for %s", "310104196809030118")
    finally:
        caplog.handler.removeFilter(handler_filter)
    assert "310104196809030118" not in caplog.text
    assert "3101**********0118" in caplog.text


def test_identity_repr_never_shows_the_full_identity():
    identity = ResidentIdentity(IdentificationMethod.ID_CARD, "王秀英", "310115195105120021")
    shown = repr(identity)
    assert "王秀英" not in shown and "310115195105120021" not in shown
    assert "王*英" in shown
