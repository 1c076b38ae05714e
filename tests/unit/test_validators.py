import pytest
from wtforms import Form, StringField

from portal.forms.validators import NoIdentityNumber


class CommentForm(Form):
    comment = StringField(validators=[NoIdentityNumber(message="no")])


@pytest.mark.parametrize("text", ["Mitt nummer er 01019012345", "010190 12345", "010190-12345"])
def test_text_with_an_identity_number_is_refused(text):
    form = CommentForm(data={"comment": text})
    assert not form.validate()


@pytest.mark.parametrize("text", ["Ring meg på 51 46 80 00", "Kontonummer? Nei.", "123456789012"])
def test_text_without_an_identity_number_passes(text):
    assert CommentForm(data={"comment": text}).validate()
