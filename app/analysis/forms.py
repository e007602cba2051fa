from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.analysis.services.suggestions import MAX_PHRASE_LENGTH
from app.analysis.services.themes import MAX_KEYWORD_LENGTH, MAX_KEYWORDS, MAX_NAME_LENGTH
from app.core.forms import single_line, supported_date
from app.core.timezones import local_today

SUGGESTION_DAYS = 90  # the default period of the suggested themes


class ThemeForm(FlaskForm):
    """A theme's name and keyword rules (the service checks and normalises them)."""

    name = StringField("Name", validators=[DataRequired(), Length(max=MAX_NAME_LENGTH), single_line])
    keywords = TextAreaField(
        "Keywords and phrases", validators=[Length(max=MAX_KEYWORDS * (MAX_KEYWORD_LENGTH + 2))],
        render_kw={"rows": 4},
        description="One per line or separated by commas. Whole words, any case: “delay” tags “Delay!” but not "
                    "“delayed”, so list the forms you mean. Leave empty for a theme you tag by hand only.",
    )
    submit = SubmitField("Save theme")


class PeriodFields:
    """The period whose negative feedback the suggested themes come from."""

    start = DateField("From", validators=[Optional(), supported_date])
    end = DateField("To", validators=[Optional(), supported_date])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date is before the start date.")

    def period(self, today=None):
        """(start, end): the dates given, else the last SUGGESTION_DAYS days up to today."""
        valid = not (self.start.errors or self.end.errors)
        end = (self.end.data if valid else None) or today or local_today()
        start = (self.start.data if valid else None) or end - timedelta(days=SUGGESTION_DAYS - 1)
        return min(start, end), end


class SuggestionPeriodForm(PeriodFields, FlaskForm):
    """The period of the suggestions on the themes page (GET: no CSRF)."""

    class Meta:
        csrf = False


class SuggestionForm(PeriodFields, FlaskForm):
    """One click on a suggestion (accept, dismiss or restore): its phrase and the period shown."""

    phrase = StringField("Phrase", validators=[DataRequired("Choose a suggestion: the phrase is empty."),
                                               Length(max=MAX_PHRASE_LENGTH), single_line])
