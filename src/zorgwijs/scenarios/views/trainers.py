""" "Trainer zoeken": the network's trainer standard and who holds it today."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from zorgwijs.competences.models import EvidenceKind
from zorgwijs.core.access import login_view
from zorgwijs.lib.forms import query_text
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.search.viewer import viewer_of_request

from ..trainers import get_network_for_member, standards_of, trainers_for


@login_view
def trainer_search(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    viewer = viewer_of_request(request)
    network = get_network_for_member(viewer=viewer, network_slug=network_slug)
    text = query_text(request, "q")
    evidence = dict(EvidenceKind.choices)
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
                "evidence": [
                    str(evidence[k]) for k in standard.item.evidence_kinds if k in evidence
                ],
                "trainers": trainers,
            }
        )
    return render(
        request,
        "scenarios/trainers.html",
        {"network": network, "standards": standards, "q": text},
    )
