"""Reading an uploaded CSV: its encoding, delimiter, header and numbered rows, with the
limits that keep a hostile file from costing memory or time."""

import codecs
import csv
import io

from app.core.errors import ServiceError

ENCODINGS = {
    "utf-8": "UTF-8 (also with BOM, or UTF-16 with BOM)",
    "cp1252": "Windows-1252 (older Excel on Windows)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}
# The header is read before anything else, within these limits: a 400,000-column header
# once tied up a worker for minutes (and the mapping page offers every column per field).
MAX_COLUMNS = 200
MAX_HEADER_CHARS = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")


class ImportFileError(ServiceError):
    """The file as a whole cannot be read (encoding, format, empty)."""


def _codec(content, encoding):
    if encoding != "utf-8":
        return encoding
    return "utf-16" if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


def decode(content, encoding):
    """The file's text, and the codec that read it. UTF-8 also reads a UTF-8 or UTF-16 BOM."""
    codec = _codec(content, encoding)
    try:
        return content.decode(codec), codec
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        byte = content[error.start : error.start + 1].hex().upper()
        name = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}.get(codec, codec)
        raise ImportFileError(
            f"The file is not {name} text: line {line} has the byte 0x{byte}. Save it as “CSV UTF-8”, "
            "or choose the encoding it was saved in.", field="encoding"
        ) from None


def looks_binary(content):
    # Excel workbooks (zip), old .xls (OLE) and other binaries are full of NUL bytes; a stray
    # NUL in a text cell is a row error instead.
    starts_like_office = content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
    utf16 = content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    head = content[:4096]
    return starts_like_office or (not utf16 and head.count(b"\x00") > len(head) // 10)


def detect_delimiter(text):
    header = text[:MAX_HEADER_CHARS].split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _reader(text, delimiter):
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _numbered_rows(reader):
    """(line the record starts on, cells) of each non-blank record; the header is line 1."""
    start = reader.line_num + 1
    try:
        for row in reader:
            if "".join(row).strip():
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(f"Line {start}: the CSV cannot be read ({error}).") from None


def check_header_size(text, delimiter):
    """ImportFileError when the header record is longer than MAX_HEADER_CHARS or has more
    than MAX_COLUMNS columns. Reads at most MAX_HEADER_CHARS of `text`."""
    head, truncated = io.StringIO(text[: MAX_HEADER_CHARS + 1], newline=""), len(text) > MAX_HEADER_CHARS
    try:
        header = next(csv.reader(head, delimiter=delimiter), [])
    except csv.Error:
        if not truncated:
            return  # the file's own CSV error, reported with its line when the rows are read
        header = None  # cut off inside a quoted cell, or a cell past the csv module's size limit
    if header is None or (truncated and head.tell() > MAX_HEADER_CHARS):
        raise ImportFileError(
            f"The first line (the column names) is longer than {MAX_HEADER_CHARS // 1024} KB: is this a CSV "
            f"export? An import takes at most {MAX_COLUMNS} columns.", field="file")
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(
            f"The file has {len(header):,} columns; an import takes at most {MAX_COLUMNS}. Delete the columns "
            "you do not need, save the file and upload it again.", field="file")


def header_and_rows(text, delimiter):
    reader = _reader(text, delimiter)
    rows = _numbered_rows(reader)
    header = next(rows, None)
    return (header[1] if header else None), rows


def batch_rows(batch):
    """The data rows of a stored batch, as (line, cells)."""
    text, _ = decode(batch.content, batch.encoding)
    _, rows = header_and_rows(text, batch.delimiter)
    return rows
