import pytest

from portal.formatting import phone_link


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("51 46 80 00", '<a href="tel:+4751468000">51 46 80 00</a>'),
        ("112", '<a href="tel:112">112</a>'),
        ("<script>", "&lt;script&gt;"),
    ],
)
def test_a_phone_number_becomes_a_link_a_phone_can_call(number, expected):
    assert str(phone_link(number)) == expected
