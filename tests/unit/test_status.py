"""One status classification for both API generations; anything else is unknown, not final."""

from __future__ import annotations

import pytest

from run_inspector.model.status import STATUS_CLASSES, StatusClass, classify, is_final

TABLE = [
    ("CREATED", StatusClass.WAITING),
    ("PENDING", StatusClass.WAITING),
    ("THROTTLED", StatusClass.WAITING),
    ("RUNNING", StatusClass.WAITING),
    ("SUCCESS", StatusClass.DONE),
    ("PARTIAL_SUCCESS", StatusClass.DONE),
    ("COMPLETED", StatusClass.DONE),
    ("ERROR", StatusClass.FAILED),
    ("FAILED", StatusClass.FAILED),
    ("CANCELLED", StatusClass.STOPPED),
]


@pytest.mark.parametrize(("status", "expected"), TABLE)
def test_every_documented_word_has_its_class(status: str, expected: StatusClass) -> None:
    assert classify(status) is expected


def test_the_table_is_the_whole_mapping() -> None:
    assert dict(TABLE) == STATUS_CLASSES


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("success", StatusClass.DONE),
        ("Pending", StatusClass.WAITING),
        ("  ERROR\n", StatusClass.FAILED),
        ("\tcancelled ", StatusClass.STOPPED),
        ("partial_Success", StatusClass.DONE),
    ],
)
def test_case_and_surrounding_space_do_not_matter(status: str, expected: StatusClass) -> None:
    assert classify(status) is expected


@pytest.mark.parametrize(
    "status",
    ["", "   ", "ARCHIVED", "CANCELED", "PARTIAL SUCCESS", "SUCCESS!", "succeeded", "S UCCESS"],
)
def test_anything_else_is_unknown_and_not_final(status: str) -> None:
    assert classify(status) is StatusClass.UNKNOWN
    assert is_final(StatusClass.UNKNOWN) is False


@pytest.mark.parametrize(
    ("status_class", "final"),
    [
        (StatusClass.WAITING, False),
        (StatusClass.DONE, True),
        (StatusClass.FAILED, True),
        (StatusClass.STOPPED, True),
        (StatusClass.UNKNOWN, False),
    ],
)
def test_done_failed_and_stopped_are_final(status_class: StatusClass, final: bool) -> None:
    assert is_final(status_class) is final
