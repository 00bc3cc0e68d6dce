"""What fixes a requirement that is not valid: a small registry of next steps.

The passport's "Wat nu?" column and the start page's buttons ask ``next_steps_for`` for each row
that is not valid. Providers are asked in order; each returns the action it offers for a row
(``NextStep``: a label and a prefilled URL) or ``None``. The competences app registers the
sign-off request, logging a performance and the registrar's "registreren"; other apps (a test,
a learning route's step, a planned training) register theirs in ``AppConfig.ready``:

    from zorgwijs.competences.next_steps import register_next_step
    register_next_step(my_provider, order=20)

A provider gets a ``StepContext`` shared by the whole page, so what it needs for every row (the
open requests, a learner's routes) is fetched once with ``context.once(key, load)``: a passport
of 40 rows costs the same queries as one of 4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Membership

from .models import EvidenceKind, SignOffRequest
from .selectors import PassportRow


@dataclass(frozen=True)
class NextStep:
    label: str | Promise
    url: str = ""  # empty: a sentence, nothing to click (waiting for someone else)
    hint: str | Promise = ""


@dataclass
class StepContext:
    access: OrgAccess
    membership: Membership  # whose passport
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def own(self) -> bool:
        return self.membership.pk == self.access.membership.pk

    @property
    def org_slug(self) -> str:
        return self.access.organisation.slug

    def once(self, key: str, load: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]


StepProvider = Callable[[StepContext, PassportRow], NextStep | None]
_PROVIDERS: list[tuple[int, StepProvider]] = []
# Statuses that need an action; valid and exempt rows have none.
NEEDS_ACTION = frozenset(
    {"missing", "expired", "expiring", "supervised", "suspended", "in_progress"}
)


def register_next_step(provider: StepProvider, *, order: int = 100) -> None:
    if all(p is not provider for _, p in _PROVIDERS):
        _PROVIDERS.append((order, provider))
        _PROVIDERS.sort(key=lambda pair: pair[0])


def next_steps_for(context: StepContext, row: PassportRow, limit: int = 2) -> list[NextStep]:
    """The actions for one row, most useful first (at most ``limit``)."""
    if row.status not in NEEDS_ACTION or not row.line.level:
        return []
    steps: list[NextStep] = []
    for _order, provider in _PROVIDERS:
        step = provider(context, row)
        if step is not None:
            steps.append(step)
            if len(steps) == limit:
                break
    return steps


def annotate(context: StepContext, rows: list[PassportRow]) -> list[PassportRow]:
    """Set ``row.next_steps`` on every row (the template reads it)."""
    for row in rows:
        row.next_steps = next_steps_for(context, row)
    return rows


# --- The competences app's own steps ----------------------------------------------------------


def _pending_item_ids(context: StepContext) -> dict[int, int]:
    """Item id -> the person's open sign-off request for it (one query per page)."""
    return context.once(
        "competences.pending",
        lambda: dict(
            SignOffRequest.objects.filter(
                organisation_id=context.membership.organisation_id,
                person_id=context.membership.user_id,
                state=SignOffRequest.State.PENDING,
            ).values_list("item_id", "pk")
        ),
    )


def _practical(row: PassportRow) -> bool:
    kinds = row.line.item.evidence_kinds
    return not kinds or EvidenceKind.PRACTICAL in kinds


def waiting_step(context: StepContext, row: PassportRow) -> NextStep | None:
    if row.line.item_id in _pending_item_ids(context):
        return NextStep(_("Aftekening aangevraagd: een beoordelaar beslist"))
    return None


def withdraw_step(context: StepContext, row: PassportRow) -> NextStep | None:
    """An open request can be withdrawn by its owner (done it already elsewhere, wrong item)."""
    sign_off_id = _pending_item_ids(context).get(row.line.item_id)
    if sign_off_id is None or not context.own:
        return None
    url = reverse(
        "competences:sign_off_withdraw",
        kwargs={"org_slug": context.org_slug, "sign_off_id": sign_off_id},
    )
    return NextStep(_("Trek je aanvraag in"), url)


def sign_off_step(context: StepContext, row: PassportRow) -> NextStep | None:
    """The person asks an assessor to sign off the practical assessment, item filled in."""
    if not context.own or not context.access.can("competences.request_sign_off"):
        return None
    if row.status in ("suspended", "in_progress") or not _practical(row):
        return None
    if row.line.item_id in _pending_item_ids(context):
        return None
    url = reverse("competences:request_sign_off", kwargs={"org_slug": context.org_slug})
    label = _("Plan je herhaling") if row.status == "expiring" else _("Vraag aftekening aan")
    return NextStep(label, f"{url}?{urlencode({'bekwaamheid': row.line.item_id})}")


def history_url(context: StepContext, row: PassportRow) -> str:
    return reverse(
        "competences:history",
        kwargs={
            "org_slug": context.org_slug,
            "membership_id": context.membership.pk,
            "item_id": row.line.item_id,
        },
    )


def performance_step(context: StepContext, row: PassportRow) -> NextStep | None:
    """Supervised: the recency rule is not met; logging performances brings it back."""
    if row.status != "supervised" or not context.own:
        return None
    return NextStep(_("Leg je uitvoeringen vast"), history_url(context, row) + "#uitvoering")


def suspended_step(context: StepContext, row: PassportRow) -> NextStep | None:
    if row.status != "suspended":
        return None
    return NextStep(
        _("Bekijk waarom"),
        history_url(context, row),
        _("Neem contact op met je leidinggevende."),
    )


def register_step(context: StepContext, row: PassportRow) -> NextStep | None:
    """Someone who registers qualifications (coordinator) does it from the row."""
    if context.own or not context.access.can("competences.register"):
        return None
    if row.status in ("suspended", "supervised"):
        return None
    url = reverse(
        "competences:register",
        kwargs={"org_slug": context.org_slug, "membership_id": context.membership.pk},
    )
    return NextStep(_("Registreer"), f"{url}?{urlencode({'bekwaamheid': row.line.item_id})}")


def register_defaults() -> None:
    register_next_step(waiting_step, order=0)
    register_next_step(withdraw_step, order=1)
    register_next_step(sign_off_step, order=10)
    register_next_step(performance_step, order=10)
    register_next_step(suspended_step, order=10)
    register_next_step(register_step, order=50)
