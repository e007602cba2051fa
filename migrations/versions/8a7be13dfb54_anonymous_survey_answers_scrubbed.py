"""anonymous survey answers: responses without a recipient, stored answers scrubbed

survey_responses.recipient_id becomes nullable: an anonymous campaign's response names
no recipient. The answers stored before this revision are made as anonymous as new ones
(docs/surveys.md, "Anonymous pulses"):

- their recipients' opened and answered times become days;
- their responses lose the recipient and feedback-item links, and are dated by the day
  their campaign was first sent;
- their feedback items are dated by that day too (given and recorded), and lose the
  external id and dedupe key that named the response; every other anonymous item keeps
  only the day of its times;
- the theme tags of anonymous items copy those dates.

The rollup triggers move the counts of re-dated items to their new day.

Revision ID: 8a7be13dfb54
Revises: 5c1d2e7a9b40
Create Date: 2026-12-02 06:03:27.206404

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a7be13dfb54'
down_revision = '5c1d2e7a9b40'
branch_labels = None
depends_on = None


ANONYMOUS_CAMPAIGNS = "SELECT id FROM survey_campaigns WHERE anonymous = TRUE"


def _day(expression):
    """SQL for midnight of `expression`'s day, stored as the app stores a DateTime."""
    if op.get_bind().dialect.name == "postgresql":
        return f"date_trunc('day', {expression})"
    return f"(date({expression}) || ' 00:00:00.000000')"  # SQLAlchemy's SQLite text format


def _scrub_statements():
    item_day = _day("coalesce(c.first_sent_at, r.submitted_at)")
    response_day = _day("coalesce(c.first_sent_at, survey_responses.submitted_at)")
    return [
        f"""UPDATE survey_recipients SET opened_at = {_day('opened_at')}, answered_at = {_day('answered_at')}
            WHERE campaign_id IN ({ANONYMOUS_CAMPAIGNS})""",
        f"""UPDATE feedback_items SET external_id = NULL, dedupe_key = NULL,
                given_at = (SELECT {item_day} FROM survey_responses r
                            JOIN survey_campaigns c ON c.id = r.campaign_id
                            WHERE r.feedback_item_id = feedback_items.id)
            WHERE id IN (SELECT r.feedback_item_id FROM survey_responses r
                         WHERE r.campaign_id IN ({ANONYMOUS_CAMPAIGNS}))""",
        f"""UPDATE feedback_items SET given_at = {_day('given_at')}, recorded_at = {_day('given_at')}
            WHERE anonymous = TRUE""",
        """UPDATE feedback_themes SET
                given_at = (SELECT i.given_at FROM feedback_items i WHERE i.id = feedback_themes.feedback_item_id),
                created_at = (SELECT i.recorded_at FROM feedback_items i WHERE i.id = feedback_themes.feedback_item_id)
            WHERE anonymous = TRUE""",
        f"""UPDATE survey_responses SET recipient_id = NULL, feedback_item_id = NULL,
                submitted_at = (SELECT {response_day} FROM survey_campaigns c
                                WHERE c.id = survey_responses.campaign_id)
            WHERE campaign_id IN ({ANONYMOUS_CAMPAIGNS})""",
    ]


def _alter_recipient_id(nullable):
    # SQLite: batch mode copies survey_responses and drops the old table, and with foreign
    # keys on that drop deletes every answer (ON DELETE CASCADE); PRAGMA foreign_keys cannot
    # change inside the migration's transaction. So the answers are kept aside and put back.
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE kept_survey_answers AS SELECT * FROM survey_answers")
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.alter_column('recipient_id',
               existing_type=sa.INTEGER(),
               nullable=nullable)
    if sqlite:
        op.execute("INSERT INTO survey_answers SELECT * FROM kept_survey_answers "
                   "WHERE id NOT IN (SELECT id FROM survey_answers)")
        op.execute("DROP TABLE kept_survey_answers")


def upgrade():
    _alter_recipient_id(nullable=True)
    for statement in _scrub_statements():
        op.execute(statement)


def downgrade():
    # The old schema cannot hold a response without its recipient, and the links are gone.
    orphans = op.get_bind().exec_driver_sql(
        "SELECT count(*) FROM survey_responses WHERE recipient_id IS NULL").scalar()
    if orphans:
        raise RuntimeError(f"{orphans} anonymous survey responses have no recipient, which the previous revision "
                           "cannot store: delete them (DELETE FROM survey_responses WHERE recipient_id IS NULL) "
                           "to downgrade.")
    _alter_recipient_id(nullable=False)
