"""The inverted index moves from the databases' own full-text structures (FTS5, tsvector + GIN)
into ``search_posting``, which both databases read the same way, so they rank the same.

The table is created by hand: on SQLite ``WITHOUT ROWID`` (the rows live in the key's B-tree,
token first), on PostgreSQL with ``tf`` and ``length`` included in the key's index, so a
search reads a token's postings from the index alone. Existing documents get their postings
from their stored tokens.
"""

from collections import Counter

from django.db import migrations, models

SQLITE = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
    """CREATE TABLE search_posting (
         token varchar(40) NOT NULL, document_id bigint NOT NULL,
         tf integer NOT NULL, length integer NOT NULL,
         PRIMARY KEY (token, document_id)) WITHOUT ROWID""",
    "CREATE INDEX search_posting_document ON search_posting (document_id)",
]
POSTGRES = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
    """CREATE TABLE search_posting (
         token varchar(40) NOT NULL, document_id bigint NOT NULL,
         tf integer NOT NULL, length integer NOT NULL,
         CONSTRAINT search_posting_pkey PRIMARY KEY (token, document_id) INCLUDE (tf, length))""",
    "CREATE INDEX search_posting_document ON search_posting (document_id)",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS search_posting",
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
    """INSERT INTO search_fts(rowid, title, summary, body)
       SELECT id, tokens_title, tokens_summary, tokens_body FROM search_document""",
]
POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS search_posting",
    """ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, tokens_title), 'A')
         || setweight(to_tsvector('simple'::regconfig, tokens_summary), 'B')
         || setweight(to_tsvector('simple'::regconfig, tokens_body), 'C')
       ) STORED""",
    "CREATE INDEX search_document_tsv ON search_document USING GIN (tsv)",
]
FIELD_WEIGHTS = (10, 4, 1)  # as zorgwijs.search.postings.FIELD_WEIGHTS when written


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def _fill(apps, schema_editor):
    """Postings of the documents indexed before this migration, from their stored tokens."""
    document = apps.get_model("search", "Document")
    rows = document.objects.values_list("id", "tokens_title", "tokens_summary", "tokens_body")
    with schema_editor.connection.cursor() as cursor:
        for doc_id, *fields in rows.iterator(chunk_size=2000):
            tf: Counter[str] = Counter()
            length = 0
            for weight, text in zip(FIELD_WEIGHTS, fields, strict=True):
                tokens = text.split()
                length += len(tokens)
                for token in tokens:
                    tf[token] += weight
            document.objects.filter(pk=doc_id).update(length=length)
            cursor.executemany(
                "INSERT INTO search_posting (token, document_id, tf, length) "
                "VALUES (%s, %s, %s, %s)",
                [(token, doc_id, n, length) for token, n in tf.items()],
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="length",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["length"], name="search_document_length"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Posting",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "token",
                                "document",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("token", models.CharField(max_length=40)),
                        ("tf", models.PositiveIntegerField()),
                        ("length", models.PositiveIntegerField()),
                        (
                            "document",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=models.deletion.CASCADE,
                                related_name="+",
                                to="search.document",
                            ),
                        ),
                    ],
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                    _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
                ),
            ],
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
