""" "Trainer zoeken": the network's trainer standard and who holds it today; and the screen
where the network's coordinators and editors choose which shared item is the standard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.competences.models import EvidenceKind
from zorgwijs.core.access import login_view
from zorgwijs.lib.forms import query_text, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.visibility import viewer_of_request

from ..forms import TrainerStandardForm
from ..models import TrainerStandard
from ..trainers import (
    get_network_for_keeper,
    get_network_for_member,
    may_keep_standard,
    standard_candidates,
    standards_of,
    trainer_standard_remove,
    trainer_standard_set,
    trainers_for,
)


def _evidence(item) -> list[str]:
    evidence = dict(EvidenceKind.choices)
    return [str(evidence[k]) for k in item.evidence_kinds if k in evidence]


@login_view
def trainer_search(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    viewer = viewer_of_request(request)
    network = get_network_for_member(viewer=viewer, network_slug=network_slug)
    text = query_text(request, "q")
    standards = []
    for standard in standards_of(network):
        trainers = trainers_for(viewer=viewer, standard=standard)
        if text:
            folded = text.casefold()
            trainers = [
                t
                for t in trainers
                if folded in t.name.casefold() or folded in t.organisation.casefold()
            ]
        standards.append(
            {
                "standard": standard,
                "item": standard.item,
                "evidence": _evidence(standard.item),
                "trainers": trainers,
            }
        )
    return render(
        request,
        "scenarios/trainers.html",
        {
            "network": network,
            "standards": standards,
            "q": text,
            "may_keep": may_keep_standard(request.user, network),
        },
    )


@login_view
@once_per_submission
def trainer_standard(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    """Choose (``add``) or drop (``remove``) the network's trainer standard. 404 for anyone who
    does not keep it."""
    network = get_network_for_keeper(user=request.user, network_slug=network_slug)
    standards = standards_of(network)
    adding = request.method == "POST" and request.POST.get("action") != "remove"
    form = TrainerStandardForm(
        request.POST if adding else None, candidates=standard_candidates(network)
    )
    remove_error = ""
    if request.method == "POST" and not adding:
        chosen = next((s for s in standards if str(s.pk) == request.POST.get("standard")), None)
        if chosen is None:
            remove_error = _("Kies een standaard van dit netwerk.")
        else:
            try:
                trainer_standard_remove(
                    actor=request.user, standard=chosen, context=audit_context(request)
                )
            except ValidationError as error:
                remove_error = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s is geen trainersstandaard meer.") % {"name": chosen.item.name},
                )
                return redirect("scenarios:trainer_standard", network_slug=network.slug)
    added: TrainerStandard | None = save_form(
        request,
        form,
        lambda data: trainer_standard_set(
            actor=request.user, network=network, item=data["item"], context=audit_context(request)
        ),
    )
    if added is not None:
        messages.success(
            request, _("%(name)s is nu de trainersstandaard.") % {"name": added.item.name}
        )
        return redirect("scenarios:trainer_standard", network_slug=network.slug)
    refused = bool(remove_error) or (form.is_bound and bool(form.errors))
    return render(
        request,
        "scenarios/trainer_standard.html",
        {
            "network": network,
            "standards": [(s, _evidence(s.item)) for s in standards],
            "form": form,
            "remove_error": remove_error,
        },
        status=400 if refused else 200,
    )
