"""documents.canonical_release_id foreign key on PostgreSQL

Revision 0001 declared the key with ``use_alter=True`` inside ``create_table``; SQLAlchemy leaves such keys out
of CREATE TABLE (to be added by ALTER later), so PostgreSQL databases never got it (SQLite writes it inline).
Found by tests/reliability/test_migrations.py, which compares the migrated schema with the models.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 09:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

NAME = 'fk_documents_canonical_release'


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        return  # the key is part of the table since 0001
    dangling = bind.execute(sa.text(
        "SELECT count(*) FROM documents d WHERE d.canonical_release_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM releases r WHERE r.id = d.canonical_release_id)")).scalar_one()
    if dangling:
        raise RuntimeError(f"{dangling} documents point at missing releases (canonical_release_id); "
                           "repair them before this upgrade - nothing was changed")
    op.create_foreign_key(NAME, 'documents', 'releases', ['canonical_release_id'], ['id'])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        return
    op.drop_constraint(NAME, 'documents', type_='foreignkey')
