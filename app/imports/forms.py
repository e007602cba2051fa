from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField, SelectField, SubmitField

from app.feedback.models import Source
from app.imports.models import DateFormat
from app.imports.services.files import ENCODINGS, MAX_COLUMNS
from app.imports.services.rows import FIELDS

DATE_FORMATS = [
    (DateFormat.ISO.value, "ISO 8601: 2026-01-31, 2026-01-31T14:05:00Z"),
    (DateFormat.DAY_FIRST.value, "Day first: 31/01/2026 14:05 or 31.01.2026"),
    (DateFormat.MONTH_FIRST.value, "Month first: 01/31/2026 2:05 PM"),
]


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class UploadForm(FlaskForm):
    file = FileField("CSV file", validators=[
        FileRequired("Choose a CSV file."),
        FileAllowed(["csv", "txt", "tsv"], "Upload a .csv file (save Excel workbooks as CSV first)."),
    ], description="An export of a call-center, chat or social-listening tool; the first line names the columns.")
    encoding = SelectField("Encoding", choices=list(ENCODINGS.items()), default="utf-8",
                           description="Most tools export UTF-8. Choose Windows-1252 for older Excel files.")
    submit = SubmitField("Upload and map columns")


class _MappingFormBase(FlaskForm):
    """Which column feeds each field; one select per field of FIELDS (added below)."""

    default_source = SelectField("Source of rows without a source column",
                                 choices=[(s.value, s.value.capitalize()) for s in Source], default="customer")
    date_format = SelectField("Dates in the file", choices=DATE_FORMATS, default=DateFormat.ISO.value)
    submit = SubmitField("Save mapping and preview")

    def __init__(self, batch, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Uploads have at most MAX_COLUMNS columns; a batch stored before that limit offers its first ones.
        choices = [(None, "— not in the file —")] + list(enumerate(batch.columns[:MAX_COLUMNS]))
        for field in FIELDS:
            self[field.name].choices = choices

    def load(self, batch):
        for field in FIELDS:
            self[field.name].data = batch.mapping.get(field.name)
        self.default_source.data = batch.default_source.value
        self.date_format.data = batch.date_format.value

    def mapping(self):
        return {field.name: self[field.name].data for field in FIELDS}


# One select per importable field, named after it (WTForms reads fields from the class).
MappingForm = type("MappingForm", (_MappingFormBase,), {
    field.name: SelectField(field.label, coerce=optional_int) for field in FIELDS
})


class RunForm(FlaskForm):
    mode = RadioField("When some rows are bad", default="partial", choices=[
        ("partial", "Import the good rows and list the bad ones"),
        ("all_or_nothing", "Import nothing unless every row is good"),
    ])
    submit = SubmitField("Import")
