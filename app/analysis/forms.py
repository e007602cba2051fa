from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.analysis.services.themes import MAX_KEYWORD_LENGTH, MAX_KEYWORDS, MAX_NAME_LENGTH
from app.core.forms import single_line


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
