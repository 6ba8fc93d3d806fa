"""Mentor pairing: the pairs proposed for a team, and each pair's decision (accepted or declined, by whom, when).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported from models.py: a migration must keep creating what it created.
MOMENT = sa.DateTime(timezone=True)
STATUSES = ("proposed", "accepted", "declined")


def upgrade() -> None:
    statuses = ", ".join(repr(status) for status in STATUSES)
    op.create_table(
        "mentor_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(80), nullable=False),
        sa.Column("competency", sa.String(80), nullable=False),
        sa.Column("benefit", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proposed_at", MOMENT, nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", MOMENT, nullable=True),
        sa.CheckConstraint(f"status IN ({statuses})", name="ck_mentor_pairs_status"),
        sa.CheckConstraint("mentor_id <> mentee_id", name="ck_mentor_pairs_distinct_people"),
        sa.CheckConstraint(
            "(status = 'proposed' AND decided_at IS NULL) OR (status <> 'proposed' AND decided_at IS NOT NULL)",
            name="ck_mentor_pairs_decision",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["people.id"], name="fk_mentor_pairs_mentor_id_people", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["people.id"], name="fk_mentor_pairs_mentee_id_people", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name="fk_mentor_pairs_decided_by_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mentor_pairs"),
        sa.UniqueConstraint(
            "mentor_id", "mentee_id", "competency", name="uq_mentor_pairs_mentor_id_mentee_id_competency"
        ),
    )
    op.create_index("ix_mentor_pairs_mentee_id", "mentor_pairs", ["mentee_id"])
    op.create_index("ix_mentor_pairs_decided_by", "mentor_pairs", ["decided_by"])


def downgrade() -> None:
    op.drop_table("mentor_pairs")
