"""How scenarios appear in search: the ``scenario`` kind of the search registry."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from zorgwijs.search.registry import IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import SECTION_NAMES, Scenario

KIND = "scenario"


def scenario_entry(scenario: Scenario) -> IndexEntry:
    body = "\n".join(getattr(scenario, n) for n in SECTION_NAMES if n != "summary")
    return IndexEntry(
        kind=KIND,
        object_id=scenario.pk,
        title=scenario.title,
        url=scenario.get_absolute_url(),
        visibility=scenario.visibility,
        summary=scenario.summary,
        body=body + "\n" + " ".join(scenario.get_crm_skills_display()),
        organisation_ids=[scenario.organisation_id],
        language="nl",
        facets=[("status", scenario.status, str(scenario.get_status_display()))],
        meta={
            "organisation": scenario.organisation.name,
            "status": str(scenario.get_status_display()),
        },
    )


def scenario_index(scenario: Scenario) -> None:
    document_upsert(scenario_entry(scenario))


def scenario_unindex(scenario: Scenario) -> None:
    document_delete(kind=KIND, object_id=scenario.pk)


def _all_entries() -> Iterator[IndexEntry]:
    for scenario in Scenario.objects.select_related("organisation").iterator(chunk_size=2000):
        yield scenario_entry(scenario)


def register() -> None:
    register_kind(SourceKind(KIND, _("Scenario"), _all_entries))
