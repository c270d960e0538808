"""The full-text index over ``SearchEntry.terms``: an FTS5 table kept in step by triggers on
SQLite (deleting an entry removes its words from the index too), a GIN index on
``to_tsvector('dutch', terms)`` on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE portal_search_fts USING fts5(terms, content='portal_searchentry', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER portal_search_ai AFTER INSERT ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER portal_search_ad AFTER DELETE ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(portal_search_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER portal_search_au AFTER UPDATE ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(portal_search_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); "
    "INSERT INTO portal_search_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS portal_search_au", "DROP TRIGGER IF EXISTS portal_search_ad",
    "DROP TRIGGER IF EXISTS portal_search_ai", "DROP TABLE IF EXISTS portal_search_fts",
]
POSTGRES = ["CREATE INDEX portal_search_terms_gin ON portal_searchentry "
            "USING GIN (to_tsvector('dutch'::regconfig, terms))"]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS portal_search_terms_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})),
    ]
