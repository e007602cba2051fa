"""The tenant-managed lists of partner regions and verticals (like tiers: admins keep them).

A partner holds the name of an entry (Partner.region, Partner.vertical; "" for none), so
filters, exports and the API keep reading a name. This module is the only writer of those
names: every value coming in (forms, rules, imports) is matched against the list without
regard to case ("emea" is EMEA), an unknown one is a field error, renaming an entry renames
it on its partners and rules, and deleting one leaves its partners without it."""

from sqlalchemy import func, select, update

from app.core.errors import ServiceError
from app.extensions import db
from app.partners.models import Partner, PartnerRegion, PartnerVertical

MODELS = {"region": PartnerRegion, "vertical": PartnerVertical}
LABELS = {"region": ("region", "regions"), "vertical": ("vertical", "verticals")}
MAX_NAME = 60


def _model(kind):
    if kind not in MODELS:
        raise ValueError(f"not a partner list: {kind}")
    return MODELS[kind]


def entries(kind):
    """The tenant's entries of one list, in their order."""
    model = _model(kind)
    return db.session.scalars(select(model).order_by(model.position, func.lower(model.name), model.id)).all()


def names(kind):
    return [entry.name for entry in entries(kind)]


def _same(a, b):
    # casefold in Python: SQLite's lower() knows ASCII only ("Ärger" vs "ärger").
    return a.casefold() == b.casefold()


def find_entry(kind, name):
    """The entry named `name` in any case, or None. The lists are short: read them whole."""
    name = (name or "").strip()
    return next((entry for entry in entries(kind) if _same(entry.name, name)), None)


def canonical_name(kind, value, field=None):
    """The list's spelling of `value` ("" stays ""), or a ServiceError naming the field."""
    value = (value or "").strip()
    if not value:
        return ""
    entry = find_entry(kind, value)
    if entry is None:
        singular, plural = LABELS[kind]
        raise ServiceError(f"Unknown {singular} “{value}”: choose one of your {plural} "
                           f"(an admin adds them under Partners → Regions and verticals).", field=field or kind)
    return entry.name


def _checked_new_name(kind, name, entry=None):
    name = (name or "").strip()
    singular = LABELS[kind][0]
    if not name:
        raise ServiceError(f"Give the {singular} a name.", field="name")
    if len(name) > MAX_NAME:
        raise ServiceError(f"At most {MAX_NAME} characters.", field="name")
    existing = find_entry(kind, name)
    if existing is not None and existing is not entry:
        raise ServiceError(f"The {singular} “{existing.name}” exists already.", field="name")
    return name


def add_entry(kind, name):
    model = _model(kind)
    entry = model(name=_checked_new_name(kind, name), position=len(entries(kind)))
    db.session.add(entry)
    return entry


def ensure_entries(kind, wanted):
    """{name as given: the list's name} for `wanted`, adding the missing ones (demo data)."""
    result = {}
    for name in wanted:
        entry = find_entry(kind, name) or add_entry(kind, name)
        result[name] = entry.name
    db.session.flush()
    return result


def _rename_references(kind, old, new):
    from app.followups.models import AutomationRule  # local: follow-ups import partners

    column = getattr(Partner, kind)
    db.session.execute(update(Partner).where(column == old).values({column: new}))
    if kind == "region":  # rules match partners by region (app/followups/services/rules.py)
        db.session.execute(update(AutomationRule).where(func.lower(AutomationRule.region) == old.lower())
                           .values(region=new))


def rename_entry(kind, entry, name):
    """Rename an entry, and with it every partner and rule that uses it."""
    name = _checked_new_name(kind, name, entry)
    old, entry.name = entry.name, name
    if old != name:
        db.session.flush()
        _rename_references(kind, old, name)
    return entry


def rules_using(kind, entry):
    from app.followups.models import AutomationRule

    if kind != "region":
        return []
    return db.session.scalars(select(AutomationRule.name)
                              .where(func.lower(AutomationRule.region) == entry.name.lower())).all()


def delete_entry(kind, entry):
    """Remove an entry; its partners are left without one. An entry a rule matches on is
    kept: the rule would silently start matching every partner."""
    rules = rules_using(kind, entry)
    if rules:
        raise ServiceError(f"“{entry.name}” is used by the rule(s) {', '.join(rules)}: change them first.")
    column = getattr(Partner, kind)
    db.session.execute(update(Partner).where(column == entry.name).values({column: ""}))
    db.session.delete(entry)
