"""Interview practice: every answer a person gives to a practice question, with its timing and self-rating.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported from models.py: a migration must keep creating what it created.
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "practice_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(80), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("level", sa.String(80), nullable=False),
        sa.Column("competency", sa.String(80), nullable=True),
        sa.Column("started_at", MOMENT, nullable=False),
        sa.Column("ended_at", MOMENT, nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("time_limit", sa.Integer(), nullable=True),
        sa.Column("timed_out", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint("rating >= 0 AND rating <= 4", name="ck_practice_answers_rating"),
        sa.CheckConstraint("seconds >= 0", name="ck_practice_answers_seconds"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_practice_answers_person_id_people", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_answers"),
    )
    op.create_index(
        "ix_practice_answers_person_id_level_ended_at", "practice_answers", ["person_id", "level", "ended_at"]
    )


def downgrade() -> None:
    op.drop_table("practice_answers")
