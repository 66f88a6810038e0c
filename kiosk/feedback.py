"""好差评 grades and 办不成事 reasons, as the platform names them."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Grade(IntEnum):
    """The national five-grade evaluation of government services."""

    VERY_SATISFIED = 5  # 非常满意
    SATISFIED = 4  # 满意
    BASICALLY_SATISFIED = 3  # 基本满意
    DISSATISFIED = 2  # 不满意
    VERY_DISSATISFIED = 1  # 非常不满意

    @property
    def needs_reasons(self) -> bool:
        return self <= Grade.DISSATISFIED


class DissatisfactionReason(StrEnum):
    LONG_WAIT = "long_wait"
    HARD_TO_USE = "hard_to_use"
    TOO_MANY_MATERIALS = "too_many_materials"
    UNCLEAR_GUIDE = "unclear_guide"
    SYSTEM_ERROR = "system_error"
    STAFF_ATTITUDE = "staff_attitude"
    OTHER = "other"


class LeaveReason(StrEnum):
    """Why a resident could not finish (办不成事反映)."""

    CANNOT_FIND_SERVICE = "cannot_find_service"
    MISSING_MATERIAL = "missing_material"
    SYSTEM_ERROR = "system_error"
    TOO_COMPLICATED = "too_complicated"
    NOT_ELIGIBLE = "not_eligible"
    DEVICE_PROBLEM = "device_problem"
    OTHER = "other"


class RatingRefused(ValueError):
    """A low grade without a reason: the platform would refuse it too."""
