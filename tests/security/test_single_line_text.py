"""One definition of a single-line text (app.core.validation.LINE_BREAKING), used by
every one-line form field and the API's one-line fields, so no name or title can carry a
line break into an email header, a CSV cell or a log line."""

import importlib
import pkgutil
import unicodedata
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

import app as app_package
from app.core.forms import single_line
from app.core.validation import as_single_line, single_line_problem
from app.mail.message import MAIL_POLICY
from tests.api_support import bearer, make_token

pytestmark = pytest.mark.slow  # every form or page, as several roles

LINE_BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
OTHER_CONTROLS = ["\x00", "\t", "\x1b", "\x7f", "\x9b"]
# Free text (several lines) and machine values are not one-line text fields.
NOT_ONE_LINE = (TextAreaField, PasswordField, HiddenField)


def _form_classes():
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    pending, seen = [FlaskForm], set()
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in seen and subclass.__module__.startswith("app."):
                seen.add(subclass)
                pending.append(subclass)
    return seen


def _one_line_fields(form_class):
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField) and issubclass(field.field_class, StringField) \
                and not issubclass(field.field_class, NOT_ONE_LINE):
            yield name, field


def test_every_one_line_form_field_refuses_line_breaks():
    forms = _form_classes()
    missing = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms
        for name, field in _one_line_fields(form)
        if single_line not in (field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else ()))
    ]
    assert len(forms) > 30, "the walk found too few forms to be looking in the right place"
    assert missing == []


@pytest.mark.parametrize("breaker", LINE_BREAKS + OTHER_CONTROLS + ["\ud800"], ids=repr)
def test_line_breaks_and_control_characters_are_not_single_line(breaker):
    assert single_line_problem(f"Idea{breaker}Bcc: victim@example.test")
    assert as_single_line(f" Idea {breaker} Bcc: victim@example.test ") == "Idea Bcc: victim@example.test"


def _survives_a_subject(text):
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"], message["To"] = text, "ann@example.test"
    message.set_content("x")
    return message_from_bytes(message.as_bytes(), policy=policy.default)["Subject"] == text


def test_every_character_a_single_line_text_allows_survives_an_email_subject():
    # Format (Cf) and space (Zs) characters are allowed: check each of them, and emoji
    # and right-to-left text, in a real header.
    allowed = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) in ("Cf", "Zs")]
    assert all(single_line_problem(char) is None for char in allowed)
    assert [char for char in allowed if not _survives_a_subject(f"Idea: a{char}b is now Planned")] == []
    assert _survives_a_subject("Family \U0001f468\u200d\U0001f469\u200d\U0001f467 \u05e9\u05dc\u05d5\u05dd \u202egnp.exe")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\n"], ids=repr)
def test_partner_name_with_a_line_separator_is_refused_with_a_message(world, login, separator):
    partner = world.a.partners[0]
    response = login(world.a.admin).post(f"/partners/{partner.id}/edit", data={"name": f"Evil{separator}Corp"})
    assert response.status_code == 422
    assert "Keep this on one line" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["submitter_name", "external_id", "submitter_email", "language"])
def test_api_refuses_a_one_line_field_with_a_line_separator_naming_it(client, world, field):
    body = {"source": "customer", "nps": 7, field: "Ann\u2028Example"}
    response = client.post("/api/v1/feedback", json=body, headers=bearer(make_token(world.a.tenant)))
    assert response.status_code == 422
    assert field in response.json["fields"]


def test_api_keeps_line_breaks_in_free_text(client, world):
    body = {"source": "customer", "text": "First line\u2028second\nthird"}
    response = client.post("/api/v1/feedback", json=body, headers=bearer(make_token(world.a.tenant)))
    assert response.status_code == 201 and response.json["text"] == "First line\u2028second\nthird"
