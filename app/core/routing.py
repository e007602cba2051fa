"""URL converters: `<int:...>` in every route is bounded to the ids a row can have."""

from werkzeug.routing import IntegerConverter

from app.core.models import MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's `int`, up to MAX_ID: a larger number (any length is allowed otherwise)
    matches no route, so it answers 404 before any query could fail on it."""

    def __init__(self, url_map, *args, max=MAX_ID, **kwargs):
        super().__init__(url_map, *args, max=max, **kwargs)


def register_converters(app):
    """Replace `int` for every route; call before the blueprints register their rules."""
    app.url_map.converters["int"] = IdConverter
