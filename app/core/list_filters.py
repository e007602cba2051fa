"""Reading a list page's query string. A value that cannot be used (not a number, a
page or id no row can have, a date out of range) is ignored, never a 500, and the page
names what it ignored: base.html shows `ignored_filters()` above the content."""

from flask import g

from app.core.models import MAX_ID

MAX_PAGE = MAX_ID  # page × page size stays far inside the databases' 64-bit OFFSET


def ignore_filter(label, reason):
    """Note that this request ignores the filter `label` because of `reason`."""
    g.setdefault("ignored_filters", []).append((label, reason))


def ignored_filters():
    """[(label, reason)] of the filters this request ignored (a template global)."""
    return g.get("ignored_filters", [])


def page_number(args):
    """The `page` of `args` (1 when absent); an unusable one is ignored and reported."""
    raw = args.get("page", "")
    if raw == "":
        return 1
    if raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_PAGE)) and 1 <= int(raw) <= MAX_PAGE:
        return int(raw)
    ignore_filter("Page", f"not a page number from 1 to {MAX_PAGE:,}")
    return 1


def usable_filters(form):
    """Validate a GET filter form; each field that fails is emptied and reported, the
    others still apply. Returns the form."""
    if not form.validate():
        for name, errors in form.errors.items():
            form[name].data = None
            ignore_filter(form[name].label.text, " ".join(errors))
    return form


def install_ignored_filters(app):
    app.add_template_global(ignored_filters)
