"""The vocabulary's pages: anyone reads concepts and exports SKOS; a network's editors (and
platform admins for the platform's vocabulary) add and change concepts."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import form_page, query_text, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.models import Network
from zorgwijs.organisations.visibility import viewer_of_request

from . import skos
from .access import editable_networks, get_concept, get_concept_for_editor, may_edit
from .forms import ConceptForm
from .models import Concept, LabelKind
from .selectors import concept_list, concept_mentions, concept_relations
from .services import concept_create, concept_update


def _network_filter(request: HttpRequest) -> tuple[Network | None, bool]:
    """The ``netwerk`` parameter: a network, ``platform`` (True) or nothing."""
    slug = query_text(request, "netwerk", max_length=60)
    if slug == "platform":
        return None, True
    if not slug:
        return None, False
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    return network, False


@public_view
def concept_index(request: HttpRequest) -> HttpResponse:
    concepts = concept_list()
    network, platform = _network_filter(request)
    if network is not None:
        concepts = concepts.filter(network=network)
    elif platform:
        concepts = concepts.filter(network=None)
    text = query_text(request, "q")
    if text:
        concepts = concepts.filter(
            Q(pref_nl__icontains=text)
            | Q(pref_en__icontains=text)
            # Hidden labels (misspellings) find the concept here too; the list never shows them.
            | Q(
                labels__text__icontains=text,
                labels__kind__in=[LabelKind.ALTERNATIVE, LabelKind.HIDDEN],
            )
        ).distinct()
    page = Paginator(concepts.order_by("pref_nl", "id"), 50).get_page(request.GET.get("pagina"))
    networks = Network.objects.filter(pk__in=Concept.objects.values("network_id")).order_by("name")
    return render(
        request,
        "vocabulary/index.html",
        {
            "page": page,
            "q": text,
            "network": network,
            "platform": platform,
            "networks": networks,
            "can_add": request.user.is_authenticated
            and (request.user.is_platform_admin or editable_networks(request.user).exists()),
        },
    )


@public_view
def concept_detail(request: HttpRequest, concept_id: int) -> HttpResponse:
    concept = get_concept(concept_id)
    viewer = viewer_of_request(request)
    labels = list(concept.labels.all())
    from zorgwijs.scenarios.models import Scenario

    scenarios = list(
        Scenario.objects.visible_to(viewer)
        .filter(concepts=concept)
        .select_related("organisation")
        .order_by("title")[:50]
    )
    relations = concept_relations(concept)
    # Scenarios that list the concept come first; the search finds the other texts using it.
    listed = {s.pk for s in scenarios}
    mentions = [
        hit
        for hit in concept_mentions(concept, viewer)
        if not (hit.kind == "scenario" and hit.object_id in listed)
    ]
    return render(
        request,
        "vocabulary/detail.html",
        {
            "concept": concept,
            "alt_labels": [x for x in labels if x.kind == LabelKind.ALTERNATIVE],
            "broader": relations.broader,
            "narrower": relations.narrower,
            "related": relations.related,
            "scenarios": scenarios,
            "mentions": mentions,
            "search_url": f"{reverse('search:search')}?{urlencode({'q': concept.pref_nl})}",
            "can_edit": may_edit(request.user, concept.network_id),
        },
    )


@login_view
@once_per_submission
def concept_create_view(request: AuthenticatedRequest) -> HttpResponse:
    platform = bool(request.user.is_platform_admin)
    networks = editable_networks(request.user)
    if not platform and not networks.exists():
        return render(request, "vocabulary/no_rights.html", status=403)
    form = ConceptForm(request.POST or None, networks=networks, platform=platform)
    concept = save_form(
        request,
        form,
        lambda data: concept_create(
            actor=request.user,
            network=data["network"],
            data=form.concept_data(),
            context=audit_context(request),
        ),
    )
    if concept is not None:
        messages.success(request, _("Het begrip is opgeslagen."))
        return redirect(concept.get_absolute_url())
    return form_page(request, "vocabulary/form.html", form, concept=None)


@login_view
def concept_edit(request: AuthenticatedRequest, concept_id: int) -> HttpResponse:
    concept = get_concept_for_editor(request.user, concept_id)
    form = ConceptForm(request.POST or None, concept=concept)
    saved = save_form(
        request,
        form,
        lambda data: concept_update(
            actor=request.user,
            concept=concept,
            data=form.concept_data(),
            context=audit_context(request),
        ),
    )
    if saved is not None:
        messages.success(request, _("Het begrip is opgeslagen."))
        return redirect(concept.get_absolute_url())
    return form_page(request, "vocabulary/form.html", form, concept=concept)


@public_view
def concept_history(request: HttpRequest, concept_id: int) -> HttpResponse:
    concept = get_concept(concept_id)
    revisions = concept.revisions.select_related("author")[:100]
    return render(request, "vocabulary/history.html", {"concept": concept, "revisions": revisions})


@public_view
def skos_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The vocabulary of one network (``?netwerk=slug``) or the platform's, as SKOS."""
    network, _platform = _network_filter(request)
    concepts = Concept.objects.filter(network=network)
    base = request.build_absolute_uri(reverse("vocabulary:index"))
    scheme = f"{base}?netwerk={network.slug if network else 'platform'}"
    title = network.name if network else "Zorgwijs"

    def uri(pk: int) -> str:
        return request.build_absolute_uri(reverse("vocabulary:detail", kwargs={"concept_id": pk}))

    rows = skos.statements(concepts, scheme, title, uri)
    name = network.slug if network else "platform"
    if fmt == "ttl":
        response = HttpResponse(skos.turtle(rows), content_type="text/turtle; charset=utf-8")
    else:
        response = HttpResponse(skos.json_ld(rows), content_type="application/ld+json")
    response["Content-Disposition"] = f'inline; filename="begrippen-{name}.{fmt}"'
    return response
