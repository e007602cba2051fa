"""Write the schema a revision builds, for tests/test_migrations.py's frozen-revision check.

Run once when a revision is added to FROZEN_REVISIONS, never to update an old one:
    .venv/bin/python -m tests.migration_schemas.dump <revision> <database url of an empty database>
"""

import sys
from pathlib import Path

from sqlalchemy import create_engine

from tests.migrations.test_migrations import app_at_revision, normalised_schema


def main(revision, database_url):
    with app_at_revision(database_url, revision):
        engine = create_engine(database_url)
        with engine.connect() as connection:
            target = Path(__file__).parent / f"{revision}.{connection.dialect.name}.sql"
            target.write_text(normalised_schema(connection))
        engine.dispose()
    print(f"wrote {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
