"""The backend's own full-text structure, built by the database from the analysed tokens.

SQLite: an FTS5 table kept in step by triggers. PostgreSQL: a generated tsvector column (title
A, summary B, body C) with a GIN index. Either way the index changes in the same transaction as
the ``search_document`` row.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, tokenize='unicode61')",
    """CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
         INSERT INTO search_fts(rowid, title, summary, body)
         VALUES (new.id, new.tokens_title, new.tokens_summary, new.tokens_body);
       END""",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
         DELETE FROM search_fts WHERE rowid = old.id;
       END""",
    """CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
         DELETE FROM search_fts WHERE rowid = old.id;
         INSERT INTO search_fts(rowid, title, summary, body)
         VALUES (new.id, new.tokens_title, new.tokens_summary, new.tokens_body);
       END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    """ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, tokens_title), 'A')
         || setweight(to_tsvector('simple'::regconfig, tokens_summary), 'B')
         || setweight(to_tsvector('simple'::regconfig, tokens_body), 'C')
       ) STORED""",
    "CREATE INDEX search_document_tsv ON search_document USING GIN (tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
