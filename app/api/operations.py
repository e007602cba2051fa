"""Route metadata: one decorator registers an API view and describes it for openapi.json.

`operation()` adds the URL rule to the blueprint and records what the view reads (a
body model, a query model, headers) and answers (a model per success status, the
error statuses). app/api/openapi.py turns the records into the document, so a route
cannot exist undocumented and the document cannot list a route that does not exist."""

import re
from dataclasses import dataclass, field

from app.api import bp

# Path converters the document knows: Flask's `<int:name>` is an id.
_PATH_PARAMETER = re.compile(r"<int:(\w+)>")


@dataclass(frozen=True)
class Success:
    """One success answer: its description, body model (None: any JSON object) and headers."""

    description: str
    model: type | None = None
    headers: tuple = ()


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str
    endpoint: str
    summary: str
    successes: dict
    errors: tuple
    body: type | None = None
    query: type | None = None
    headers: tuple = ()
    public: bool = False
    path_parameters: tuple = field(default=())

    @property
    def path(self):
        """The rule as an OpenAPI path template: /feedback/<int:feedback_id> -> /feedback/{feedback_id}."""
        return _PATH_PARAMETER.sub(r"{\1}", self.rule)


OPERATIONS = []


def operation(method, rule, successes, errors=(), body=None, query=None, headers=(), public=False, endpoint=None):
    """Register the decorated view for `method` `rule` and describe it. The summary is
    the first line of the view's docstring; `headers` are request-header parameters."""

    def decorator(view):
        name = endpoint or view.__name__
        bp.add_url_rule(rule, endpoint=name, view_func=view, methods=[method.upper()])
        OPERATIONS.append(
            Operation(
                method=method.lower(),
                rule=rule,
                endpoint=name,
                summary=(view.__doc__ or "").strip().splitlines()[0],
                successes=successes,
                errors=tuple(errors),
                body=body,
                query=query,
                headers=tuple(headers),
                public=public,
                path_parameters=tuple(_PATH_PARAMETER.findall(rule)),
            )
        )
        return view

    return decorator
