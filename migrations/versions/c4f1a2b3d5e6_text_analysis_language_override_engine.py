"""text analysis people can trust (#14): feedback_items.detected_language (the language the
analysis found, with a partial index per tenant and date of the items in unsupported
languages, for the program view's count of items not analysed), sentiment_override (staff's correction of the sentiment label) and
analysed_by (the engine and version that analysed the item). Existing items keep their
labels until `flask analysis rerun` analyses them with the new engine.

Revision ID: c4f1a2b3d5e6
Revises: b3e6ab241473
Create Date: 2026-12-02 09:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a2b3d5e6'
down_revision = "b3e6ab241473"
branch_labels = None
depends_on = None

SENTIMENT = sa.Enum('positive', 'neutral', 'negative', name='sentimentlabel', native_enum=False, length=32)


def upgrade():
    with op.batch_alter_table('feedback_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detected_language', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('sentiment_override', SENTIMENT, nullable=True))
        batch_op.add_column(sa.Column('analysed_by', sa.String(length=40), nullable=True))
        # The program view counts the period's items in unsupported languages apart; partial,
        # so the writes of all other items pay nothing for it.
        batch_op.create_index('ix_feedback_items_not_analysed', ['tenant_id', 'given_at'], unique=False,
                              postgresql_where=sa.text("detected_language = 'other'"),
                              sqlite_where=sa.text("detected_language = 'other'"))


def downgrade():
    with op.batch_alter_table('feedback_items', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_items_not_analysed')
        batch_op.drop_column('analysed_by')
        batch_op.drop_column('sentiment_override')
        batch_op.drop_column('detected_language')
