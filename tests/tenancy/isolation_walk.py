"""The machinery of the route isolation walk (tests/tenancy/test_isolation.py): the rows it aims
at in tenant B and in partner A2 (found in the `world`, or built from the schema), the
strings only those rows hold, snapshots of them, and logged-in requests."""

import html
import itertools
from collections import namedtuple
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import and_, not_, select, true
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import IntegrityError

from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.tenancy import PartnerScoped, StaffOnly, TenantScoped, all_tenants, scoped_to
from tests.factories import PASSWORD
from tests.tenancy.isolation_matrix import FORM_DATA, FORM_FIELD_KINDS, KINDS

# Columns whose values name people and things (needles the pages must not contain),
# besides every value the walk itself generated for the other tenant's rows.
IDENTIFYING_COLUMNS = {
    "name",
    "title",
    "email",
    "slug",
    "subject",
    "to_address",
    "submitter_name",
    "submitter_email",
    "company",
    "prompt",
    "text",
    "body",
    "description",
}
MIN_NEEDLE_LENGTH = 6
MAX_NEEDLE_LENGTH = 300
IGNORED_METHODS = {"HEAD", "OPTIONS"}

Route = namedtuple("Route", "endpoint rule method arguments")
Route.__str__ = lambda route: f"{route.method} {route.rule}"


def routes_of(app):
    return sorted(
        Route(rule.endpoint, rule.rule, method, tuple(sorted(rule.arguments)))
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    )


@dataclass(frozen=True)
class Target:
    """Whose rows the walk aims at: another tenant, or another partner of the actor's tenant."""

    label: str
    tenant_id: int
    partner_id: int | None = None

    @property
    def is_other_tenant(self):
        return self.partner_id is None


@dataclass(frozen=True)
class Actor:
    label: str
    email: str | None = None  # None: the API client of tenant A (a bearer token)
    partner_id: int | None = None  # the partner of a partner user


@dataclass(frozen=True)
class Ids:
    """The world's ids, read once: the walk keeps no ORM objects across requests."""

    tenant_a: int
    tenant_b: int
    partners_a: tuple
    partners_b: tuple

    @classmethod
    def of(cls, world):
        return cls(
            world.a.tenant.id,
            world.b.tenant.id,
            tuple(p.id for p in world.a.partners),
            tuple(p.id for p in world.b.partners),
        )


# --- the world and its rows ---------------------------------------------------------------


@cache
def _classes_by_table():
    return {mapper.local_table.name: mapper.class_ for mapper in db.Model.registry.mappers}


def table_named(name):
    return db.metadata.tables[name]


def _sample(column, text):
    kind = column.type
    if isinstance(kind, sqltypes.Enum):
        return kind.enums[0]
    for types, value in (
        (sqltypes.Boolean, False),
        (sqltypes.Integer, 1),
        (sqltypes.Numeric, 0),
        (sqltypes.Float, 0.0),
        (sqltypes.DateTime, utcnow()),
        (sqltypes.Date, date.today()),
        (sqltypes.JSON, {}),
        (sqltypes.LargeBinary, b"walk"),
    ):
        if isinstance(kind, types):
            return value
    if "email" in column.name:
        return f"{text.replace(' ', '.').replace('_', '-')}@walk.test"
    return text[: kind.length] if getattr(kind, "length", None) else text


class Walk:
    """The two tenants of the `world`, the rows the walk aims at, and its requests."""

    def __init__(self, app, world):
        self.app = app
        a = world.a
        self.ids = ids = Ids.of(world)
        self.tenant_b = Target("B", ids.tenant_b)
        self.partner_a2 = Target("A2", ids.tenant_a, ids.partners_a[1])
        self.partner_a1 = Target("A1", ids.tenant_a, ids.partners_a[0])
        self.staff_a = Target("A", ids.tenant_a)
        self.actors = [
            Actor("admin", a.admin.email),
            Actor("manager", a.manager.email),
            Actor("partner admin", a.partner_admins[0].email, ids.partners_a[0]),
            Actor("partner member", a.partner_members[0].email, ids.partners_a[0]),
            Actor("api client"),
        ]
        self.generated = set()
        self._counter = itertools.count(1)
        self._clients = {}
        self._needles = {}
        self._form_data = {}
        self._planted = set()
        self.api_token = self._make_api_token(a.tenant.id)

    # -- rows -------------------------------------------------------------------------------

    def _make_api_token(self, tenant_id):
        from app.integrations.services.api_tokens import create_api_token

        with scoped_to(tenant_id):
            _, raw = create_api_token("Isolation walk", ["read", "write"])
            db.session.commit()
        return raw

    def _first(self, table, *conditions):
        with all_tenants(), db.engine.connect() as connection:
            return connection.execute(select(table).where(*conditions).order_by(*table.primary_key)).first()

    def _member_ids(self, tenant_id, partner_id):
        memberships = table_named("memberships")
        condition = memberships.c.tenant_id == tenant_id
        if partner_id is not None:
            condition = and_(condition, memberships.c.partner_id == partner_id)
        with all_tenants(), db.engine.connect() as connection:
            return [row.user_id for row in connection.execute(select(memberships.c.user_id).where(condition))]

    def _parent_id(self, foreign_key, tenant_id, partner_id):
        parent = foreign_key.column.table
        if parent.name == "tenants":
            return tenant_id
        if parent.name == "users":
            return self._member_ids(tenant_id, partner_id)[0]
        if "tenant_id" in parent.c:
            return self.owned_row(parent, tenant_id, partner_id)._mapping[foreign_key.column.name]
        return self._first(parent)._mapping[foreign_key.column.name]

    def _value(self, table, column, tenant_id, partner_id, label):
        if column.name == "tenant_id":
            return tenant_id
        if column.name == "partner_id" and partner_id is not None:
            return partner_id
        foreign_key = next(iter(column.foreign_keys), None)
        if foreign_key is not None:
            return None if column.nullable else self._parent_id(foreign_key, tenant_id, partner_id)
        required = not (column.nullable or column.default is not None or column.server_default is not None)
        if not required and not (
            column.name in IDENTIFYING_COLUMNS and isinstance(column.type, sqltypes.String)
        ):
            return None
        value = _sample(column, f"walk {label} {table.name} {column.name} {next(self._counter)}")
        if isinstance(value, str):
            self.generated.add(value)
        return value

    def _row_values(self, table, tenant_id, partner_id, label, fixed):
        values = dict(fixed)
        for column in table.columns:
            if column.primary_key or column.name in values:
                continue
            value = self._value(table, column, tenant_id, partner_id, label)
            if value is not None:
                values[column.name] = value
        return values

    def _optional_references(self, table, fixed):
        """Optional foreign keys to tenant rows, one of which a CHECK constraint may require
        ("a follow-up is about a feedback item or an idea")."""
        return [
            column.name
            for column in table.columns
            if column.nullable and column.name not in fixed and column.name != "partner_id"
            for foreign_key in column.foreign_keys
            if "tenant_id" in foreign_key.column.table.c
        ]

    def build_row(self, table, tenant_id, partner_id, label, fixed=None):
        """Insert a plausible row owned by the tenant and partner: required columns first;
        if a CHECK constraint refuses that, with each optional reference filled in turn."""
        fixed = dict(fixed or {})
        attempts = [{}] + [{name: True} for name in self._optional_references(table, fixed)]
        for extra in attempts:
            for name in extra:
                foreign_key = next(iter(table.c[name].foreign_keys))
                extra[name] = self._parent_id(foreign_key, tenant_id, partner_id)
            values = self._row_values(table, tenant_id, partner_id, label, {**fixed, **extra})
            try:
                with all_tenants(), db.engine.begin() as connection:
                    key = connection.execute(table.insert().values(**values)).inserted_primary_key
            except IntegrityError as error:
                failure = error
                continue
            return self._first(
                table, *[column == value for column, value in zip(table.primary_key, key, strict=True)]
            )
        raise AssertionError(
            f"the walk cannot build a row of {table.name} ({failure.orig}); "
            "give it one in tests/factories.build_world"
        ) from failure

    def owned_row(self, table, tenant_id, partner_id, fixed=None):
        """A row of the tenant (and of the partner, where rows have one), found or built."""
        conditions = [table.c[name] == value for name, value in (fixed or {}).items()]
        if "tenant_id" in table.c:
            conditions.append(table.c.tenant_id == tenant_id)
        if partner_id is not None and "partner_id" in table.c:
            conditions.append(table.c.partner_id == partner_id)
        if table.name == "partners" and partner_id is not None:
            conditions.append(table.c.id == partner_id)
        row = self._first(table, *conditions)
        label = self._label(tenant_id, partner_id)
        return row if row is not None else self.build_row(table, tenant_id, partner_id, label, fixed)

    def _label(self, tenant_id, partner_id):
        for target in (self.partner_a1, self.partner_a2, self.tenant_b, self.staff_a):
            if (target.tenant_id, target.partner_id) == (tenant_id, partner_id):
                return target.label
        return f"t{tenant_id}p{partner_id}"

    def foreign_row(self, table, target, fixed=None):
        """A row of `table` the target owns and tenant A's users (or partner A1's) must not
        reach; None when partner users may see every such row of their tenant."""
        cls = _classes_by_table().get(table.name)
        if table.name == "tenants":
            return self._first(table, table.c.id == target.tenant_id) if target.is_other_tenant else None
        if target.is_other_tenant:
            partner_id = self.ids.partners_b[0] if "partner_id" in table.c else None
            return self.owned_row(table, target.tenant_id, partner_id, fixed)
        if table.name == "partners" or (cls is not None and issubclass(cls, PartnerScoped)):
            return self.owned_row(table, target.tenant_id, target.partner_id, fixed)
        if cls is None or issubclass(cls, StaffOnly) or not issubclass(cls, TenantScoped):
            return self.owned_row(table, target.tenant_id, None, fixed)  # partner users see none of them
        return None

    def plant_token(self, target):
        """A raw token that opens a pending invitation of the target, and is a password reset
        link of one of its people (planted once per target)."""
        raw = f"isolation-walk-token-of-{target.label}"
        if target not in self._planted:
            self._plant(target, hash_token(raw))
            self._planted.add(target)
        return raw

    def _plant(self, target, token_hash):
        invitations = table_named("invitations")
        tokens = table_named("password_reset_tokens")
        condition = invitations.c.tenant_id == target.tenant_id
        if target.partner_id is not None:
            condition = and_(condition, invitations.c.partner_id == target.partner_id)
        user_id = self._member_ids(target.tenant_id, target.partner_id)[0]
        with all_tenants(), db.engine.begin() as connection:
            invitation_id = connection.execute(
                select(invitations.c.id).where(condition).order_by(invitations.c.id).limit(1)
            ).scalar()
            connection.execute(
                invitations.update().where(invitations.c.id == invitation_id).values(token_hash=token_hash)
            )
            connection.execute(
                tokens.insert().values(
                    user_id=user_id,
                    token_hash=token_hash,
                    expires_at=utcnow() + timedelta(days=365),
                    created_at=utcnow(),
                )
            )

    # -- URL values ---------------------------------------------------------------------------

    def _kind_value(self, name, target, picked):
        kind = KINDS[name]
        if kind.value is not None:
            return kind.value(self, target)
        table = table_named(kind.table)
        fixed = {  # a child row (question of a survey) belongs to the parent row in the same URL
            column.name: picked[foreign_key.column.table.name]
            for column in table.columns
            for foreign_key in column.foreign_keys
            if foreign_key.column.table.name in picked and foreign_key.column.name == "id"
        }
        row = self.foreign_row(table, target, fixed)
        if row is None:
            return None
        picked[table.name] = row._mapping["id"] if "id" in table.c else None
        return row._mapping[kind.column]

    def _own_value(self, name, actor):
        kind = KINDS[name]
        row = self.owned_row(table_named(kind.table), self.partner_a1.tenant_id, actor.partner_id)
        return row._mapping[kind.column]

    @staticmethod
    def _parents_first(arguments):
        def depth(name):
            table = KINDS[name].table
            if table is None:
                return 0
            referenced = {
                fk.column.table.name for column in table_named(table).columns for fk in column.foreign_keys
            }
            return sum(KINDS[other].table in referenced for other in arguments if other != name)

        return sorted(arguments, key=depth)

    def url_values(self, route, target, actor):
        """URL arguments aimed at `target`; None when no argument can name a foreign object."""
        values, picked, foreign = {}, {}, False
        for name in self._parents_first(route.arguments):
            value = self._kind_value(name, target, picked)
            if value is None:
                value = self._own_value(name, actor)  # a row the actor may see; another argument is foreign
            else:
                foreign = True
            values[name] = value
        return values if foreign or not route.arguments else None

    def form_data(self, target):
        if target not in self._form_data:
            self._form_data[target] = self._build_form_data(target)
        return self._form_data[target]

    def _build_form_data(self, target):
        data = dict(FORM_DATA)
        for name, kind in KINDS.items():
            if kind.table is not None and kind.column == "id":
                row = self.foreign_row(table_named(kind.table), target)
                if row is not None:
                    data[name] = row._mapping["id"]
        for field, name in FORM_FIELD_KINDS.items():
            if name in data:
                data[field] = data[name]
        return data

    # -- what the target owns -----------------------------------------------------------------

    def _target_users(self, target):
        """People who act only for the target (so changes to them are changes to the target)."""
        memberships = table_named("memberships")
        own = set(self._member_ids(target.tenant_id, target.partner_id))
        with all_tenants(), db.engine.connect() as connection:
            elsewhere = connection.execute(
                select(memberships.c.user_id, memberships.c.tenant_id, memberships.c.partner_id)
            ).all()
        return own - {
            row.user_id
            for row in elsewhere
            if (row.tenant_id, row.partner_id if target.partner_id else None)
            != (target.tenant_id, target.partner_id)
        }

    def _target_condition(self, table, target, users):
        cls = _classes_by_table().get(table.name)
        if table.name == "users":
            return table.c.id.in_(users)
        if "tenant_id" not in table.c and table.name != "tenants":
            return table.c.user_id.in_(users) if "user_id" in table.c else None
        if target.is_other_tenant:
            column = table.c.id if table.name == "tenants" else table.c.tenant_id
            return column == target.tenant_id
        if table.name == "partners":
            return table.c.id == target.partner_id
        if cls is not None and issubclass(cls, PartnerScoped):
            return table.c.partner_id == target.partner_id
        if cls is not None and issubclass(cls, StaffOnly):
            if table.name == "feedback_program_rollups":
                return None  # the sums of every partner's feedback, kept by triggers as anyone writes
            return table.c.tenant_id == target.tenant_id
        return None  # rows partner users may legitimately change

    def snapshot(self, target):
        """Every row the target owns, by table and primary key, as comparable values."""
        users = self._target_users(target)
        rows = {}
        with all_tenants(), db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                condition = self._target_condition(table, target, users)
                if condition is not None:
                    rows[table.name] = {
                        tuple(row._mapping[c.name] for c in table.primary_key): tuple(map(repr, row))
                        for row in connection.execute(select(table).where(condition))
                    }
        return rows

    def appendable_tables(self, target):
        """Tables where the actor's own actions may add rows the target can see: a partner
        user's changes are written to the tenant's staff-only audit log, for instance."""
        if target.is_other_tenant:
            return set()
        classes = _classes_by_table()
        return {name for name, cls in classes.items() if issubclass(cls, StaffOnly)}

    def _strings(self, target, inside):
        users = self._target_users(target)
        found = set()
        with all_tenants(), db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                condition = self._target_condition(table, target, users)
                if condition is None:
                    if inside:
                        continue
                    condition = true()
                elif not inside:
                    condition = not_(condition)
                columns = [
                    c
                    for c in table.columns
                    if isinstance(c.type, sqltypes.String) and not isinstance(c.type, sqltypes.Enum)
                ]
                if not columns:
                    continue
                for row in connection.execute(select(*columns).where(condition)):
                    found.update(
                        value
                        for value, column in zip(row, columns, strict=True)
                        if isinstance(value, str)
                        and (not inside or column.name in IDENTIFYING_COLUMNS or value in self.generated)
                    )
        return found

    def needles(self, target):
        """Strings only the target's rows hold: names, emails, titles the actor must never see."""
        key = (target, len(self.generated))
        if key not in self._needles:
            others = self._strings(target, inside=False) | {str(value) for value in FORM_DATA.values()}
            self._needles[key] = sorted(
                value
                for value in self._strings(target, inside=True)
                if MIN_NEEDLE_LENGTH <= len(value) <= MAX_NEEDLE_LENGTH
                and not any(value in other for other in others)
            )
        return self._needles[key]

    def leaks(self, target, body):
        return [needle for needle in self.needles(target) if needle in body or html.escape(needle) in body]

    # -- requests -----------------------------------------------------------------------------

    def client(self, actor):
        if actor is None:
            return self.app.test_client(), {}
        if actor.email is None:
            return self.app.test_client(), {"Authorization": f"Bearer {self.api_token}"}
        client = self._clients.get(actor.label)
        if client is None or not _logged_in(client):
            client = self.app.test_client()
            response = client.post("/login", data={"email": actor.email, "password": PASSWORD})
            assert response.status_code == 302, f"{actor.label} could not log in"
            self._clients[actor.label] = client
        return client, {}

    def request(self, actor, route, values, data=None):
        rule = next(r for r in self.app.url_map.iter_rules(route.endpoint) if r.rule == route.rule)
        _, path = rule.build(values)
        client, headers = self.client(actor)
        return client.open(
            path, method=route.method, headers=headers, data=data if route.method != "GET" else None
        )

    def targets(self, actor):
        return [self.tenant_b, self.partner_a2] if actor.partner_id else [self.tenant_b]


def _logged_in(client):
    with client.session_transaction() as session:
        return "_user_id" in session
