"""The search index. Only this app reads or writes these tables; others use ``zorgwijs.search``.

``Document`` holds one indexed object (a project) with its already
analysed tokens per field; ``Posting`` is the inverted index built from those tokens in Python
and written in the same transaction: one row per token and document with the token's weighted
frequency, so both databases rank with the same BM25 formula (see backends.py, docs/search.md).
"""

from __future__ import annotations

from django.db import models

from zorgwijs.organisations.models import Visibility


class Document(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    external_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=2, default="nl")
    visibility = models.CharField(max_length=20, choices=Visibility.choices)
    # A kind with its own reading rule (a knowledge space) names the scope that grants reading
    # ("space:12"); its documents are public or carry visibility ``SCOPED`` (registry.py).
    scope = models.CharField(max_length=40, blank=True, default="")
    meta = models.JSONField(default=dict, blank=True)  # organisation, region … for result lists
    tokens_title = models.TextField(blank=True)
    tokens_summary = models.TextField(blank=True)
    tokens_body = models.TextField(blank=True)
    length = models.PositiveIntegerField(default=0)  # number of tokens, for BM25's length norm
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="uniq_search_document")
        ]
        indexes = [
            models.Index(fields=["visibility"]),
            # Counting the documents and their average length reads this small index instead
            # of the whole table with its texts (SQLite: ~3 ms instead of ~150 ms at 50,000).
            models.Index(fields=["length"], name="search_document_length"),
            models.Index(fields=["scope"], name="search_document_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Posting(models.Model):
    """A token of a document: ``tf`` is its frequency weighted by field (title 10, summary 4,
    body 1), ``length`` the document's token count. Keyed token first, so a search reads the
    postings of its few tokens in key order; the table is created by migration 0003 (without
    rowid on SQLite, the key covering ``tf`` and ``length`` on PostgreSQL)."""

    pk = models.CompositePrimaryKey("token", "document")
    token = models.CharField(max_length=40)
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    tf = models.PositiveIntegerField()
    length = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.token} @ {self.document_id}"


class DocumentOrganisation(models.Model):
    """The organisations whose members may read the document whatever its visibility."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="owners")
    organisation_id = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organisation_id", "document"])]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.organisation_id}"


class Facet(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "document"]),
            models.Index(fields=["document", "name"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Term(models.Model):
    """A word of the indexed corpus and in how many documents it occurs (for compound splits)."""

    word = models.CharField(max_length=40, unique=True)
    count = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.word


class IndexGeneration(models.Model):
    """One row counting the writes to the index: lists derived from it (comparable projects)
    are cached under the generation they were computed at, so any change of the corpus makes
    them stale at once, in every process (the count is bumped in the writing transaction)."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
