"""The director role: an account's role may be 'director' (sees the teams below it as an aggregate).

Down converts every director to a manager, the nearest role the older schema knows: in the versions before this
one a manager reads the records of its direct reports only, which a director already reads, so nobody sees more
after the downgrade than before it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported from models.py: a migration must keep doing what it did.
CONSTRAINT = "ck_users_role"
ROLES_BEFORE = ("engineer", "manager", "admin")
ROLES_AFTER = ("engineer", "manager", "director", "admin")


def _allow(roles: tuple[str, ...]) -> None:
    """Recreate the role check with ``roles`` (SQLite copies the table to do it; foreign keys are off meanwhile,
    see mlladder.store.engine.migrate, so the links to the copied table survive)."""
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(CONSTRAINT, type_="check")
        batch.create_check_constraint(CONSTRAINT, f"role IN ({', '.join(repr(role) for role in roles)})")


def upgrade() -> None:
    _allow(ROLES_AFTER)


def downgrade() -> None:
    op.execute(sa.text("UPDATE users SET role = 'manager' WHERE role = 'director'"))
    _allow(ROLES_BEFORE)
