"""A small crawler for the security tests: follows a logged-in user's links, reads the
POST forms each page renders, and fills them (text fields with a payload, the others
with what the page offers)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from werkzeug.exceptions import HTTPException

# Links the crawler never follows: they end the session, download files or serve assets.
SKIPPED_PREFIXES = ("/logout", "/static/", "/bootstrap/", "/vendor/", "/api/")
SKIPPED_SUFFIXES = (".csv", ".json", ".js", ".css", ".png")
TEXT_TYPES = {"text", "search", "textarea"}
# What the other kinds of fields get when the page gives them no value.
DEFAULTS = {
    "email": "hostile.sender@example.com",
    "url": "https://example.com/hook",
    "number": "1",
    "range": "1",
    "date": "2024-01-01",
    "password": "correct horse battery",
    "hidden": "",
    "tel": "",
    "time": "",
    "datetime-local": "",
}


@dataclass
class Form:
    action: str
    fields: list = field(default_factory=list)  # (name, type, value, options)

    def text_fields(self, text_types=TEXT_TYPES):
        return [name for name, kind, _, _ in self.fields if kind in text_types]

    def filled(self, payload, text_types=TEXT_TYPES, overrides=None):
        """An urlencoded body: `payload` (str or raw bytes) in every field of `text_types`,
        the page's own values (or a plausible default) in the others, and the values of
        `overrides` ({field name: value}) in the fields it names."""
        pairs, seen_radio, overrides = [], set(), overrides or {}
        for name, kind, value, options in self.fields:
            if name in overrides:
                pairs.append((name, overrides[name]))
            elif kind in text_types:
                pairs.append((name, payload))
            elif kind == "radio" and name not in seen_radio:
                seen_radio.add(name)
                pairs.append((name, value))
            elif kind == "select":
                pairs.append((name, value if value is not None else (options[0] if options else "")))
            elif kind == "checkbox":
                pairs.extend([(name, value)] if value is not None else [])
            elif kind in DEFAULTS:
                pairs.append((name, value or DEFAULTS[kind]))
        return urlencode(pairs).encode("ascii")


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms, self.inline_scripts = [], [], 0
        self._form = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "script" and not attrs.get("src"):
            self.inline_scripts += 1
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = Form(attrs.get("action") or "")
            self.forms.append(self._form)
        elif self._form is not None and attrs.get("name"):
            self._field(tag, attrs)
        elif tag == "option" and self._select is not None:
            self._option(attrs)

    def _field(self, tag, attrs):
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            value = attrs.get("value")
            if kind == "checkbox" and "checked" not in attrs:
                value = None
            self._form.fields.append((name, kind, value, []))
        elif tag == "textarea":
            self._form.fields.append((name, "textarea", "", []))
        elif tag == "select":
            self._select = [name, "select", None, []]  # value and options filled by <option>s
            self._form.fields.append(self._select)

    def _option(self, attrs):
        value = attrs.get("value", "")
        if value:
            self._select[3].append(value)
        if "selected" in attrs:
            self._select[2] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse_page(html):
    parser = _PageParser()
    parser.feed(html)
    return parser


def local_path(href, base="/"):
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path + ("?" + parts.query if parts.query else "")
    if path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
        return None
    return path


def crawl(client, start=("/",), limit=60):
    """GET pages reachable from `start`, one page per endpoint (so a few links reach
    every kind of page), at most `limit`; returns {path: response}."""
    pages, queue = {}, list(start)
    seen = {endpoint_of(client.application, path, "GET") for path in start}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        response = client.get(path)
        pages[path] = response
        if response.mimetype != "text/html":
            continue
        for href in parse_page(response.get_data(as_text=True)).links:
            target = local_path(href)
            endpoint = target and endpoint_of(client.application, target, "GET")
            if endpoint and endpoint not in seen:
                seen.add(endpoint)
                queue.append(target)
    return pages


def endpoint_of(app, path, method="POST"):
    try:
        return app.url_map.bind("localhost").match(urlsplit(path).path, method=method)[0]
    except HTTPException:
        return None


def forms_on(app, pages, text_types=TEXT_TYPES):
    """The POST forms with fields of `text_types` on `pages`, one per (endpoint, field names)."""
    found = {}
    for path, response in pages.items():
        if response.mimetype != "text/html":
            continue
        for form in parse_page(response.get_data(as_text=True)).forms:
            action = form.action or path
            endpoint = endpoint_of(app, action)
            if endpoint is None or endpoint == "auth.logout" or not form.text_fields(text_types):
                continue
            form.action = action
            key = (endpoint, tuple(sorted(name for name, *_ in form.fields)))
            found.setdefault(key, form)
    return found
