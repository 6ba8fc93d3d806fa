"""The initial schema: users, people, assessments, documents, journal entries, plans and plan activities.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported from models.py: a migration must keep creating what it created.
TAGS_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
SNAPSHOT_JSON = sa.JSON()
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint("role IN ('engineer', 'manager', 'admin')", name="ck_users_role"),
        sa.ForeignKeyConstraint(["manager_id"], ["users.id"], name="fk_users_manager_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_index("ix_users_manager_id", "users", ["manager_id"])
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_people_user_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("user_id", name="uq_people_user_id"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("framework_id", sa.String(80), nullable=False),
        sa.Column("framework_version", sa.String(80), nullable=False),
        sa.Column("level", sa.String(80), nullable=False),
        sa.Column("target", sa.String(80), nullable=True),
        sa.Column("profile", SNAPSHOT_JSON, nullable=False),
        sa.Column("result", SNAPSHOT_JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_assessments_person_id_people", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
    )
    op.create_index("ix_assessments_person_id_created_at", "assessments", ["person_id", "created_at"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence", TAGS_JSON, nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint("kind IN ('resume', 'brag', 'posting', 'document')", name="ck_documents_kind"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_documents_person_id_people", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_index("ix_documents_person_id_created_at", "documents", ["person_id", "created_at"])
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=True),
        sa.Column("competencies", TAGS_JSON, nullable=False),
        sa.Column("skills", TAGS_JSON, nullable=False),
        sa.Column("tags_edited", sa.Boolean(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_journal_entries_person_id_people", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_journal_entries"),
    )
    op.create_index("ix_journal_entries_person_id_entry_date", "journal_entries", ["person_id", "entry_date"])
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("weekly_hours", sa.Float(), nullable=False),
        sa.Column("plan", SNAPSHOT_JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name="fk_plans_assessment_id_assessments", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_plans_person_id_people", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
    )
    op.create_index("ix_plans_person_id_created_at", "plans", ["person_id", "created_at"])
    op.create_index("ix_plans_assessment_id", "plans", ["assessment_id"])
    op.create_table(
        "plan_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("activity_key", sa.String(80), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.CheckConstraint("status IN ('todo', 'doing', 'done')", name="ck_plan_activities_status"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_plan_activities_plan_id_plans", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_activities"),
        sa.UniqueConstraint("plan_id", "activity_key", name="uq_plan_activities_plan_id_activity_key"),
    )


def downgrade() -> None:
    for table in ("plan_activities", "plans", "journal_entries", "documents", "assessments", "people", "users"):
        op.drop_table(table)
