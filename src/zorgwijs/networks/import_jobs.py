"""Importing a network's events from an .ics file, on the shared import mechanism
(``lib/import_jobs.py``): upload → dry run → apply (in the background for a large file).

The dry run runs within the upload's request, so a file that is no calendar (unreadable,
larger than 1 MB, more than 500 events, none at all) is refused at the upload and nothing is
stored; an event without a valid time or title is an error of its row, and nothing is
imported while there is one. An event imported before (same UID) is updated, not doubled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile

from zorgwijs.audit.context import AuditContext
from zorgwijs.lib.import_jobs import (
    ImportFileError,
    ImportPipeline,
    import_job_create,
    import_job_request_apply,
)
from zorgwijs.organisations.models import Network

from .calendar import CalendarError, ImportedEvent, ParsedCalendar, parse_calendar
from .models import CalendarImport, Event
from .services.events import calendar_import

NEW, UPDATED = "nieuw", "bijgewerkt"
MAX_PREVIEW = 200


@dataclass(frozen=True)
class CalendarPlan:
    parsed: ParsedCalendar
    actions: list[str]  # per event of ``parsed.events``: NEW or UPDATED

    def count(self, action: str) -> int:
        return self.actions.count(action)


class CalendarImportPipeline(ImportPipeline[CalendarImport, CalendarPlan]):
    model = CalendarImport
    uploaded_action = "networks.calendar.checked"
    # Each event is written with its search entry; 500 (the most a file has) take seconds.
    inline_setting = "NETWORKS_CALENDAR_IMPORT_INLINE_MAX_BYTES"
    inline_default = 200_000
    check_at_upload = True
    default_name = "agenda.ics"
    related = ("network", "applied_by")

    def plan(self, job: CalendarImport, file: IO[bytes]) -> CalendarPlan:
        try:
            parsed = parse_calendar(file.read())
        except CalendarError as error:
            raise ImportFileError(str(error)) from None
        return CalendarPlan(parsed, _actions(job.network, parsed.events))

    def store(self, job: CalendarImport, plan: CalendarPlan) -> None:
        events = plan.parsed.events
        job.summary = {
            "counts": {
                "events": plan.parsed.total,
                "new": plan.count(NEW),
                "updated": plan.count(UPDATED),
                "errors": len(plan.parsed.errors),
            },
            "preview": [
                {
                    "row": e.number,
                    "title": e.title,
                    "starts_at": e.starts_at.isoformat(),
                    "action": a,
                }
                for e, a in zip(events[:MAX_PREVIEW], plan.actions, strict=False)
            ],
        }
        job.errors = plan.parsed.errors

    def has_errors(self, plan: CalendarPlan) -> bool:
        return bool(plan.parsed.errors)

    def write(self, job: CalendarImport, plan: CalendarPlan) -> None:
        assert job.applied_by is not None  # set when the job was claimed
        calendar_import(
            actor=job.applied_by,
            network=job.network,
            items=plan.parsed.events,
            kind=job.kind,
            visibility=job.visibility,
            job=job,
        )

    def audit_data(self, job: CalendarImport) -> dict[str, Any]:
        return {"file": job.original_name, "network": job.network_id}


def _actions(network: Network, events: list[ImportedEvent]) -> list[str]:
    """What applying does to each event, as ``calendar_import`` does it: an event whose UID the
    network has (or an earlier event of the file had) is updated, any other is new."""
    uids = {e.uid for e in events if e.uid}
    seen = set(Event.objects.filter(network=network, uid__in=uids).values_list("uid", flat=True))
    actions = []
    for event in events:
        actions.append(UPDATED if event.uid and event.uid in seen else NEW)
        if event.uid:
            seen.add(event.uid)
    return actions


def calendar_import_create(
    *,
    actor: Any,
    network: Network,
    upload: UploadedFile,
    kind: str,
    visibility: str,
    context: AuditContext | None = None,
) -> CalendarImport:
    """Store the upload with its dry run; ValidationError at ``file`` for a file that is no
    calendar (nothing is stored then)."""
    return import_job_create(
        CalendarImportPipeline(),
        actor=actor,
        upload=upload,
        context=context,
        network=network,
        kind=kind,
        visibility=visibility,
    )


def calendar_import_request_apply(*, actor: Any, job: CalendarImport) -> bool:
    """Import the checked file's events now (or queue a large file); False when it is not (or
    no longer) ready for that."""
    return import_job_request_apply(CalendarImportPipeline(), actor=actor, job=job)
