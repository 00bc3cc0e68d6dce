"""Writes of needs: each service checks its input, owns its transaction and its audit entry."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.concurrency import check_version
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.projects.models import Project, Sector

from .models import MeToo, Need, NeedAnswer, NeedKind, NeedRevision, NeedStatus
from .selectors import can_link

if TYPE_CHECKING:
    from collections.abc import Iterable

    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Network, Organisation
    from zorgwijs.projects.models import Theme

EDITABLE_FIELDS = ("kind", "title", "description", "region", "sector", "visibility", "status")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DESCRIPTION = 5000


def _check(need: Need) -> None:
    errors: dict[str, str] = {}
    need.title = (need.title or "").strip()
    need.description = (need.description or "").strip()
    need.region = (need.region or "").strip()
    if not need.title:
        errors["title"] = _("Geef je vraag of knelpunt een korte titel.")
    elif len(need.title) > 200:
        errors["title"] = _("De titel is te lang (hooguit 200 tekens).")
    elif _CONTROL.search(need.title):
        errors["title"] = _("De titel bevat tekens die niet zijn toegestaan.")
    if len(need.description) > MAX_DESCRIPTION:
        errors["description"] = _("De toelichting is te lang (hooguit 5000 tekens).")
    elif _CONTROL.search(need.description):
        errors["description"] = _("De toelichting bevat tekens die niet zijn toegestaan.")
    if len(need.region) > 100 or _CONTROL.search(need.region):
        errors["region"] = _("Kies een regio uit de lijst.")
    choices = {
        "kind": (NeedKind.values, _("Kies kennisvraag of knelpunt.")),
        "sector": (["", *Sector.values], _("Kies een sector uit de lijst.")),
        "visibility": (Visibility.values, _("Kies wie de vraag mag zien.")),
        "status": (NeedStatus.values, _("Kies open, beantwoord of gesloten.")),
    }
    for name, (allowed, message) in choices.items():
        if getattr(need, name) not in allowed:
            errors[name] = message
    if need.organisation_id is None and need.visibility == Visibility.ORGANISATION:
        # A participant's need has no organisation to keep it in.
        errors["visibility"] = _("Kies netwerk of openbaar: je plaatst de vraag in het netwerk.")
    if errors:
        raise ValidationError(errors)


def _apply(need: Need, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(need, name, value if value is not None else "")


@transaction.atomic
def need_create(
    *,
    actor: User | None,  # None: the demo and imports without a person behind them
    organisation: Organisation | None,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    external_id: str | None = None,
    network: Network | None = None,
    context: AuditContext | None = None,
) -> Need:
    """A need of ``organisation``; or, with ``organisation=None``, a need an individual
    participant posts in ``network`` (the caller checked that they take part)."""
    if (organisation is None) == (network is None):
        raise ValueError(
            "A need belongs to an organisation or, posted by a participant, a network."
        )
    need = Need(organisation=organisation, network=network, author=actor, external_id=external_id)
    _apply(need, {"status": NeedStatus.OPEN, **data})
    _check(need)
    need.save()
    if themes is not None:
        need.themes.set(themes)
    record(
        "needs.need.created",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=need,
        context=context,
        data={
            "title": need.title,
            "kind": need.kind,
            **({"network": network.slug} if network is not None else {}),
        },
    )
    return need


def editable_state(need: Need) -> dict[str, Any]:
    """What the edit form changes, as plain values: kept as a revision before each change, and
    the version token of an edit (``lib.concurrency``) is taken of it."""
    state = {name: getattr(need, name) for name in EDITABLE_FIELDS}
    state["themes"] = sorted(need.themes.values_list("slug", flat=True))
    return state


def input_state(
    need: Need, data: dict[str, Any], themes: Iterable[Theme] | None = None
) -> dict[str, Any]:
    """``editable_state`` as an edit with ``data`` and ``themes`` would make it."""
    state = editable_state(need)
    state.update({k: v if v is not None else "" for k, v in data.items() if k in state})
    if themes is not None:
        state["themes"] = sorted(t.slug for t in themes)
    return state


@transaction.atomic
def need_update(
    *,
    actor: User,
    need: Need,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    base_version: str | None = None,
    context: AuditContext | None = None,
) -> Need:
    """Change ``need``; with ``base_version`` (the edit form's token) only if nobody saved
    since, else ``EditConflict`` and nothing is stored. The revision and the audit entry take
    the row as stored, never ``need`` itself: a ModelForm has already changed that instance."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    before = editable_state(locked)
    check_version(base_version, before)
    _apply(locked, data)
    _check(locked)
    locked.save()
    if themes is not None:
        locked.themes.set(themes)
    after = editable_state(locked)
    changed = sorted(k for k in after if before[k] != after[k])
    if changed:
        NeedRevision.objects.create(need=locked, data=before, replaced_by=actor)
    need.refresh_from_db()  # the caller's instance shows what is stored
    record(
        "needs.need.updated",
        kind="change",
        actor=actor,
        organisation=need.organisation,
        obj=need,
        context=context,
        data={"changed": changed},
    )
    return need


@transaction.atomic
def me_too_set(*, actor: User, need: Need, on: bool, context: AuditContext | None = None) -> int:
    """Say (``on``) or take back "ik ook"; one per person. Returns the new count."""
    if need.author_id == actor.pk:
        raise ValidationError(_("Dit is je eigen vraag; anderen kunnen 'ik ook' zeggen."))
    if on and need.status == NeedStatus.CLOSED:
        raise ValidationError(_("Deze vraag is gesloten."))
    existing = MeToo.objects.filter(need=need, user=actor)
    changed = False
    if on and not existing.exists():
        try:
            with transaction.atomic():
                MeToo.objects.create(need=need, user=actor)
            changed = True
        except IntegrityError:  # the same person's second click arrived first
            pass
    elif not on:
        changed = existing.delete()[0] > 0
    if changed:
        record(
            "needs.me_too.added" if on else "needs.me_too.removed",
            kind="change",
            actor=actor,
            obj=need,
            context=context,
        )
    return MeToo.objects.filter(need=need).count()


@transaction.atomic
def answer_link(
    *,
    actor: User,
    viewer: Viewer,
    need: Need,
    project: Project,
    context: AuditContext | None = None,
) -> None:
    """Link ``project`` (which the viewer may read) as an answer to ``need``."""
    if not can_link(viewer, need, project):
        raise PermissionDenied
    _, created = NeedAnswer.objects.get_or_create(
        need=need, project=project, defaults={"linked_by": actor}
    )
    if created:
        record(
            "needs.answer.linked",
            kind="change",
            actor=actor,
            organisation=need.organisation,
            obj=need,
            context=context,
            data={"project": project.pk},
        )


@transaction.atomic
def answer_unlink(
    *,
    actor: User,
    viewer: Viewer,
    need: Need,
    project: Project,
    context: AuditContext | None = None,
) -> None:
    if not can_link(viewer, need, project):
        raise PermissionDenied
    if NeedAnswer.objects.filter(need=need, project=project).delete()[0]:
        record(
            "needs.answer.unlinked",
            kind="change",
            actor=actor,
            organisation=need.organisation,
            obj=need,
            context=context,
            data={"project": project.pk},
        )
