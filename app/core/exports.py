"""CSV export helpers shared by every download."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value):
    """Neutralise spreadsheet formula injection: text starting with = + - @ tab or CR
    gets a leading apostrophe, so spreadsheet programs show it as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv_row(row):
    return [safe_csv_cell(value) for value in row]
