"""The photos the platform compares kiosk face checks against.

A real platform holds no photos: the national face-comparison service does.
This reference platform keeps, in memory only, a comparison template per
enrolled resident (`face_comparison.FaceTemplate`, never the picture). At
start-up with `demo_faces` on (EmbeddedPlatform: demo and tests), every seed
resident is enrolled with their synthetic portrait (`demo_faces`); with it
off (`main.py platform`), nobody is, and the platform says face checks are
not available. Tests and pilots may enrol other pictures with `enrol`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from .demo_faces import synthetic_portrait
from .face_comparison import FaceTemplate, face_template


class FaceEnrolment:
    def __init__(self) -> None:
        self._templates: dict[str, FaceTemplate] = {}
        self._lock = threading.Lock()

    def enrol(self, id_number: str, image: np.ndarray) -> None:
        """Compare this resident's face checks with `image` (BGR) from now on."""
        template = face_template(image)
        with self._lock:
            self._templates[id_number] = template

    def enrol_demo_residents(self, id_numbers: Iterable[str]) -> None:
        for id_number in id_numbers:
            self.enrol(id_number, synthetic_portrait(id_number))

    def template(self, id_number: str) -> FaceTemplate | None:
        with self._lock:
            return self._templates.get(id_number)

    @property
    def available(self) -> bool:
        with self._lock:
            return bool(self._templates)
