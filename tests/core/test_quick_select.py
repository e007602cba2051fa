"""QuickSelect writes exactly what wtforms' Select writes, only faster."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, SelectMultipleField

from app.core.forms import QuickSelect
from app.insights.forms import optional_int

pytestmark = pytest.mark.pure  # no database: runs once, in the PostgreSQL pass

CHOICES = [(None, "All <partners>"), (1, 'Acme & "Sons"'), (2, "Bluebird"), (3, "")]


class Standard(Form):
    one = SelectField(coerce=optional_int)
    many = SelectMultipleField(coerce=int)


class Quick(Form):
    one = SelectField(coerce=optional_int, widget=QuickSelect())
    many = SelectMultipleField(coerce=int, widget=QuickSelect(multiple=True))


def _rendered(form_class, data):
    form = form_class(MultiDict(data))
    form.one.choices, form.many.choices = CHOICES, CHOICES[1:]
    return str(form.one(class_="form-select")), str(form.many())


@pytest.mark.parametrize("data", [{}, {"one": "2"}, {"one": "None"}, [("many", "1"), ("many", "3")]])
def test_quick_select_renders_like_wtforms(data):
    assert _rendered(Quick, data) == _rendered(Standard, data)


def test_quick_select_escapes_labels_and_marks_the_choice():
    one, _ = _rendered(Quick, {"one": "1"})
    assert '<option selected value="1">Acme &amp; &#34;Sons&#34;</option>' in one
    assert "All &lt;partners&gt;" in one
