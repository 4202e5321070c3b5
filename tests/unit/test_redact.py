"""Phone-like digits in free text, masked by the one function every reader without the see_phones right goes through."""

from __future__ import annotations

import pytest

from coordpanel.core.auth import mask_phone
from coordpanel.core.redact import mask_phones_in


@pytest.mark.parametrize(("text", "masked"), [
    ("电话13900001234请联系", "电话139****1234请联系"),
    ("139-0000-1234", "139****1234"),
    ("139 0000 1234", "139****1234"),
    ("+86 139 0000 1234", "139****1234"),
    ("+8613900001234", "139****1234"),
    ("008613900001234", "139****1234"),
    ("两个：13900001234、13800001111", "两个：139****1234、138****1111"),
    ("办公室 027-8765 4321", "办公室 027****4321"),
    ("02787654321", "027****4321"),
    ('{"note": "13900001234", "phone": "13700002222"}', '{"note": "139****1234", "phone": "137****2222"}'),
])
def test_phone_like_numbers_are_masked_as_the_phone_field_is(text, masked):
    assert mask_phones_in(text) == masked
    assert mask_phone("13900001234") == "139****1234"  # the phone field's own mask, which the text mask reuses


@pytest.mark.parametrize("text", [
    "2020-02-19 08:00:00", "第 12 栋 3 单元", "12345678901", "113900001234", "139000012345", "1390000123",
    "version 13", "", "没有电话", '{"shift_id": 1234567, "at": "2020-02-19T08:00:00"}',
])
def test_other_digits_are_left_alone(text):
    assert mask_phones_in(text) == text


@pytest.mark.parametrize("value", [None, 12, 3.5])
def test_what_is_not_text_is_returned_as_it_is(value):
    assert mask_phones_in(value) == value
