"""Accounts an admin can disable, and sessions a password reset ends: ``users.disabled_at`` and
``users.session_epoch``.

Existing accounts stay enabled, and their open sessions stay good: a session signed in before this revision
carries no number, which counts as 0, the number every account starts with.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled_at", MOMENT, nullable=True))
        batch.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    # The older schema cannot keep an account from signing in: a disabled account there would be usable again,
    # so going down refuses while any account is disabled (enable or remove them first).
    disabled = op.get_bind().execute(sa.text("SELECT count(*) FROM users WHERE disabled_at IS NOT NULL")).scalar()
    if disabled:
        raise RuntimeError(
            f"{disabled} account(s) are disabled, which the schema before 0006 cannot express "
            "(fix: enable or remove them first)"
        )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")
        batch.drop_column("disabled_at")
