"""partner regions and verticals become tenant-managed lists (#15): partner_regions and
partner_verticals (with the tenant policy), filled from the partners' free-text values,
merged without regard to case ("emea" and "EMEA" are one region, spelled the way most
partners spelled it; a tie goes to the spelling with more capitals, then the first in
alphabetical order). Partners and automation rules are rewritten to that spelling.
The merge is not undone by the downgrade, which drops the lists.

Revision ID: e5b9c2d4f6a1
Revises: d7e3a1c9b204
Create Date: 2026-12-02 14:10:00.000000

"""
from collections import Counter, defaultdict

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b9c2d4f6a1'
down_revision = 'd7e3a1c9b204'
branch_labels = None
depends_on = None

LISTS = (("partner_regions", "region"), ("partner_verticals", "vertical"))


def _create_list_table(table):
    op.create_table(table,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f(f'fk_{table}_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f(f'uq_{table}_tenant_id_name'))
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{table}_tenant_id'), ['tenant_id'], unique=False)
    _install_tenant_policy(table)


def _spelling(counts):
    """The spelling most partners used; ties: more capitals ("EMEA"), then alphabetical."""
    return min(counts, key=lambda name: (-counts[name], -sum(c.isupper() for c in name), name))


def _merged(rows):
    """{tenant_id: {casefolded value: chosen spelling}} from (tenant_id, value) rows."""
    spellings = defaultdict(lambda: defaultdict(Counter))
    for tenant_id, value in rows:
        value = (value or "").strip()
        if value:
            spellings[tenant_id][value.casefold()][value] += 1
    return {tenant_id: {key: _spelling(counts) for key, counts in groups.items()}
            for tenant_id, groups in spellings.items()}


def _fill_list(connection, table, column):
    partners = sa.table("partners", sa.column("id"), sa.column("tenant_id"), sa.column(column))
    rows = connection.execute(sa.select(partners.c.id, partners.c.tenant_id, partners.c[column])).all()
    chosen = _merged((tenant_id, value) for _, tenant_id, value in rows)
    entries = sa.table(table, sa.column("tenant_id"), sa.column("name"), sa.column("position"))
    for tenant_id, names in chosen.items():
        ordered = sorted(set(names.values()), key=str.casefold)
        connection.execute(entries.insert(), [
            {"tenant_id": tenant_id, "name": name, "position": position} for position, name in enumerate(ordered)])
    for partner_id, tenant_id, value in rows:
        clean = (value or "").strip()
        wanted = chosen[tenant_id][clean.casefold()] if clean else ""
        if wanted != value:
            connection.execute(partners.update().where(partners.c.id == partner_id).values({column: wanted}))
    return chosen


def _rewrite_rules(connection, regions):
    """Rules match partners by region: the list's spelling, and an entry for a region no
    partner has yet (so the rule keeps its region in the form's list)."""
    rules = sa.table("automation_rules", sa.column("id"), sa.column("tenant_id"), sa.column("region"))
    entries = sa.table("partner_regions", sa.column("tenant_id"), sa.column("name"), sa.column("position"))
    for rule_id, tenant_id, value in connection.execute(sa.select(rules.c.id, rules.c.tenant_id, rules.c.region)):
        clean = (value or "").strip()
        if not clean:
            continue
        known = regions.setdefault(tenant_id, {})
        if clean.casefold() not in known:
            known[clean.casefold()] = clean
            connection.execute(entries.insert().values(tenant_id=tenant_id, name=clean, position=len(known)))
        if known[clean.casefold()] != value:
            connection.execute(rules.update().where(rules.c.id == rule_id).values(region=known[clean.casefold()]))


def upgrade():
    for table, _ in LISTS:
        _create_list_table(table)
    connection = op.get_bind()
    chosen = {column: _fill_list(connection, table, column) for table, column in LISTS}
    _rewrite_rules(connection, chosen["region"])


def downgrade():
    for table, _ in reversed(LISTS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_tenant_id'))
        op.drop_table(table)


# Frozen DDL: the fail-closed tenant policy of revision 5c1d2e7a9b40 (docs/row-level-security.md),
# pasted so this migration never changes when app/tenancy/rls.py does.
_CURRENT_TENANT = "(SELECT NULLIF(current_setting('partnerloop.tenant_id', true), '')::integer)"
_ACROSS_TENANTS = "(SELECT current_setting('partnerloop.all_tenants', true) = 'on')"
FAIL_CLOSED = f"{_ACROSS_TENANTS} OR tenant_id = {_CURRENT_TENANT}"


def _install_tenant_policy(table):
    if op.get_bind().dialect.name != "postgresql":
        return  # row-level security is PostgreSQL's
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({FAIL_CLOSED}) WITH CHECK ({FAIL_CLOSED})")
