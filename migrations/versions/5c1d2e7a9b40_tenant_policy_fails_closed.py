"""tenant policy fails closed: no tenant declared, no rows

Revision ID: 5c1d2e7a9b40
Revises: 32e442bf3112
Create Date: 2026-12-02 07:30:00.000000

Until this revision the policy admitted every row when no tenant was declared, which is
exactly when the ORM scoping has no tenant either (anonymous pages, token look-ups,
account pages, CLI jobs). From here: a declared tenant sees its rows; a declared
cross-tenant statement (partnerloop.all_tenants = 'on', set only by unscoped() and
all_tenants()) sees every row; nothing declared sees none. The outbox's tenant-less rows
(account mail) are visible cross-tenant only.

The DDL is this revision's own (issue #12: migrations never import app code).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1d2e7a9b40'
down_revision = '32e442bf3112'
branch_labels = None
depends_on = None

TENANT_TABLES = (
    'api_idempotency_keys',
    'api_tokens',
    'audit_entries',
    'automation_rules',
    'customer_contacts',
    'feedback_categories',
    'feedback_daily_rollups',
    'feedback_items',
    'feedback_program_rollups',
    'feedback_themes',
    'feedback_weekly_partner_rollups',
    'follow_up_activities',
    'follow_up_policies',
    'follow_ups',
    'idea_comments',
    'idea_feedback_links',
    'idea_notes',
    'idea_statuses',
    'idea_votes',
    'ideas',
    'import_batches',
    'import_row_errors',
    'internal_notes',
    'invitations',
    'loop_replies',
    'memberships',
    'outbox_messages',
    'partner_tiers',
    'partners',
    'program_action_feedback',
    'program_action_partners',
    'program_actions',
    'program_elements',
    'suppressed_addresses',
    'survey_answers',
    'survey_campaigns',
    'survey_questions',
    'survey_recipients',
    'survey_responses',
    'surveys',
    'tenant_settings',
    'theme_daily_rollups',
    'themes',
    'webhook_deliveries',
    'webhook_endpoints',
)
_CURRENT_TENANT = "(SELECT NULLIF(current_setting('partnerloop.tenant_id', true), '')::integer)"
_ACROSS_TENANTS = "(SELECT current_setting('partnerloop.all_tenants', true) = 'on')"
FAIL_CLOSED = f"{_ACROSS_TENANTS} OR tenant_id = {_CURRENT_TENANT}"
# The policy this revision replaces (revision 9e05f789b923's).
OPEN_WHEN_UNSET = f"{_CURRENT_TENANT} IS NULL OR tenant_id = {_CURRENT_TENANT}"
_TENANT_OPTIONAL = {"outbox_messages"}


def _replace_policies(condition_of):
    if op.get_bind().dialect.name != "postgresql":
        return  # row-level security is PostgreSQL's
    for table in TENANT_TABLES:
        condition = condition_of(table)
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({condition}) WITH CHECK ({condition})")


def upgrade():
    _replace_policies(lambda table: FAIL_CLOSED)


def downgrade():
    _replace_policies(
        lambda table: OPEN_WHEN_UNSET + (" OR tenant_id IS NULL" if table in _TENANT_OPTIONAL else ""))
