"""URL converters: `<int:...>` in every route is bounded to the ids a row can have."""

from werkzeug.routing import IntegerConverter

from app.models.base import MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's `int`, up to MAX_ID: a larger number (any length is allowed otherwise)
    matches no route, so it answers 404 before any query could fail on it."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_converters(app):
    """Replace `int` for every route; call before the blueprints register their rules."""
    app.url_map.converters["int"] = IdConverter
