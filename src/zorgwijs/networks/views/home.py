"""The network list, a network's home, its management by coordinators, and joining."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.accounts.models import User
from zorgwijs.accounts.selectors import email_confirmed
from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.knowledge.models import Space
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.uploads import stored_file_response
from zorgwijs.monitor.selectors import topic_indicators_for
from zorgwijs.organisations.forms import NetworkContactForm
from zorgwijs.organisations.models import NetworkMembership
from zorgwijs.organisations.selectors.admin import organisation_admins_by_org
from zorgwijs.organisations.visibility import viewer_of_request
from zorgwijs.projects.models import Project

from ..access import get_network_for_coordinator, get_network_for_viewer
from ..forms import (
    ActionForm,
    ConvenantForm,
    JoinForm,
    MemberAddForm,
    ParticipantSignupForm,
    ProfileForm,
    RoleForm,
    SignatoryForm,
    TopicForm,
)
from ..models import Action, NetworkRole, Topic
from ..overview import pdf as overview_pdf
from ..overview import png as overview_png
from ..overview import svg as overview_svg
from ..selectors import (
    convenant_of,
    events_for,
    former_members_of,
    latest_agenda,
    members_of,
    networks_for,
    participants_of,
    role_holders,
    topics_with_actions,
)
from ..services.network import (
    action_save,
    convenant_save,
    member_contact_set,
    participant_confirm,
    participant_confirm_send,
    participant_join,
    participant_signup,
    profile_save,
    role_give,
    role_take,
    signatory_add,
    topic_save,
)
from ..services.network import member_add as member_add_service
from ..services.network import member_end as member_end_service


@public_view
def network_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "networks/index.html", {"networks": networks_for(viewer_of_request(request))}
    )


@public_view
def network_home(request: HttpRequest, network_slug: str) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    viewer = viewer_of_request(request)
    agenda_round, agenda_rows = latest_agenda(access, viewer)
    topics = topics_with_actions(access, viewer)
    monitor = None
    if any(getattr(t, "in_monitor", False) for t in topics):
        # The HR monitor's indicators per topic, for whoever reads that monitor.
        monitor = topic_indicators_for(request.user, access.network, access.member_org_ids)
    return render(
        request,
        "networks/home.html",
        {
            "access": access,
            "network": access.network,
            "profile": access.profile,
            "convenant": convenant_of(access.network),
            "topics": topics,
            "members": members_of(access),
            "role_holders": role_holders(access),
            "events": list(events_for(access, upcoming=True)[:5]),
            "agenda_round": agenda_round,
            "agenda_rows": agenda_rows,
            "monitor": monitor,
        },
    )


def _home(access) -> HttpResponse:
    return redirect("networks:home", network_slug=access.network.slug)


@login_view
def network_manage(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    """Coordinators: the network's settings, its roles and the member organisations' contacts."""
    access = get_network_for_coordinator(request, network_slug)
    profile = access.profile
    form = ProfileForm(
        request.POST if "profile" in request.POST else None,
        initial={
            "about": profile.about,
            "public_home": profile.public_home,
            "open_to_individuals": profile.open_to_individuals,
            "anonymous_reactions": profile.anonymous_reactions,
            "terms": profile.terms,
        },
        prefix="profile",
    )
    role_form = RoleForm(request.POST if "role" in request.POST else None, prefix="role")
    if save_form(
        request,
        form,
        lambda data: profile_save(
            actor=request.user, network=access.network, data=data, context=audit_context(request)
        ),
    ):
        messages.success(request, _("De instellingen van het netwerk zijn opgeslagen."))
        return redirect("networks:manage", network_slug=network_slug)
    if save_form(
        request,
        role_form,
        lambda data: role_give(
            actor=request.user,
            network=access.network,
            user=data["email"],
            role=data["role"],
            context=audit_context(request),
        ),
    ):
        messages.success(request, _("De rol is gegeven."))
        return redirect("networks:manage", network_slug=network_slug)
    members = members_of(access)
    # The contact selects are rendered from ``admins`` (one query for all rows), as on the
    # platform's network page; NetworkContactForm validates what comes back.
    admins = organisation_admins_by_org(organisation_ids=[m.organisation_id for m in members])
    bound = form if form.is_bound else role_form
    return form_page(
        request,
        "networks/manage.html",
        bound,
        profile_form=form,
        role_form=role_form,
        access=access,
        network=access.network,
        roles=role_holders(access),
        participants=participants_of(access),
        former_members=former_members_of(access.network),
        rows=[{"membership": m, "admins": admins.get(m.organisation_id, [])} for m in members],
    )


@login_view
@require_POST
def role_remove(request: AuthenticatedRequest, network_slug: str, role_id: int) -> HttpResponse:
    access = get_network_for_coordinator(request, network_slug)
    role = get_object_or_404(
        NetworkRole.objects.select_related("user"), network=access.network, pk=role_id
    )
    try:
        role_take(actor=request.user, role=role, context=audit_context(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De rol is afgenomen."))
    return redirect("networks:manage", network_slug=network_slug)


@login_view
@require_POST
def member_contact(
    request: AuthenticatedRequest, network_slug: str, network_membership_id: int
) -> HttpResponse:
    access = get_network_for_coordinator(request, network_slug)
    membership = get_object_or_404(
        NetworkMembership.objects.select_related("organisation"),
        network=access.network,
        pk=network_membership_id,
    )
    form = NetworkContactForm(request.POST, membership=membership, prefix=f"c{membership.pk}")
    if form.is_valid():
        try:
            member_contact_set(
                actor=request.user,
                membership=membership,
                contact=form.cleaned_data["contact_person"],
                context=audit_context(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De contactpersoon is opgeslagen."))
    else:
        messages.error(request, _("Kies een beheerder van deze organisatie."))
    return redirect("networks:manage", network_slug=network_slug)


@login_view
@once_per_submission
def member_add(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    """Coordinators add an organisation of the platform as member, with its contact person."""
    access = get_network_for_coordinator(request, network_slug)
    form = MemberAddForm(request.POST if request.method == "POST" else None, network=access.network)
    membership = save_form(
        request,
        form,
        lambda data: member_add_service(
            actor=request.user,
            network=access.network,
            organisation=data["organisation"],
            contact_email=data.get("contact_email") or "",
            context=audit_context(request),
        ),
    )
    if membership is not None:
        messages.success(
            request,
            _("%(organisation)s is lid van het netwerk.")
            % {"organisation": membership.organisation.name},
        )
        return redirect("networks:manage", network_slug=network_slug)
    return form_page(
        request, "networks/member_add.html", form, access=access, network=access.network
    )


@login_view
@once_per_submission
def member_end(
    request: AuthenticatedRequest, network_slug: str, network_membership_id: int
) -> HttpResponse:
    """Coordinators end a membership: asked on a page of its own (what it means), done by
    its button; the organisation is kept among the former members."""
    access = get_network_for_coordinator(request, network_slug)
    membership = get_object_or_404(
        NetworkMembership.objects.select_related("organisation", "contact_person"),
        network=access.network,
        pk=network_membership_id,
    )
    if request.method == "POST":
        try:
            member_end_service(
                actor=request.user, membership=membership, context=audit_context(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Het lidmaatschap van %(organisation)s is beëindigd.")
                % {"organisation": membership.organisation.name},
            )
        return redirect("networks:manage", network_slug=network_slug)
    return render(
        request,
        "networks/member_end.html",
        {"access": access, "network": access.network, "membership": membership},
    )


@login_view
@once_per_submission
def convenant_edit(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    access = get_network_for_coordinator(request, network_slug)
    convenant = convenant_of(access.network)
    initial = (
        {"title": convenant.title, "signed_on": convenant.signed_on, "summary": convenant.summary}
        if convenant
        else {}
    )
    adding = "signatory" in request.POST
    form = ConvenantForm(
        None if adding or request.method != "POST" else request.POST,
        None if adding or request.method != "POST" else request.FILES,
        initial=initial,
        prefix="convenant",
    )
    signatory_form = SignatoryForm(
        request.POST if adding else None, network=access.network, prefix="signatory"
    )
    if save_form(
        request,
        form,
        lambda data: convenant_save(
            actor=request.user,
            network=access.network,
            data=data,
            document=data.get("document"),
            context=audit_context(request),
        ),
    ):
        messages.success(request, _("Het convenant is opgeslagen."))
        return redirect("networks:convenant", network_slug=network_slug)
    if convenant is not None:
        added = save_form(
            request,
            signatory_form,
            lambda data: signatory_add(
                actor=request.user, convenant=convenant, data=data, context=audit_context(request)
            ),
        )
        if added:
            messages.success(request, _("De ondertekenaar is toegevoegd."))
            return redirect("networks:convenant", network_slug=network_slug)
    return form_page(
        request,
        "networks/convenant_form.html",
        signatory_form if adding else form,
        convenant_form=form,
        signatory_form=signatory_form,
        convenant=convenant,
        network=access.network,
    )


@login_view
@once_per_submission
def topic_edit(
    request: AuthenticatedRequest, network_slug: str, topic_id: int | None = None
) -> HttpResponse:
    access = get_network_for_coordinator(request, network_slug)
    topic = get_object_or_404(Topic, network=access.network, pk=topic_id) if topic_id else None
    initial = {"title": topic.title, "description": topic.description} if topic else {}
    form = TopicForm(request.POST if request.method == "POST" else None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: topic_save(
            actor=request.user,
            network=access.network,
            data=data,
            topic=topic,
            context=audit_context(request),
        ),
    )
    if saved:
        messages.success(request, _("Het thema is opgeslagen."))
        return _home(access)
    return form_page(request, "networks/topic_form.html", form, topic=topic, network=access.network)


def _action_choices(request, access):
    projects = Project.objects.visible_to(viewer_of_request(request)).order_by("title")
    spaces = (
        Space.objects.visible_to(viewer_of_request(request))
        .filter(network=access.network)
        .order_by("name")
    )
    return projects, spaces


@login_view
@once_per_submission
def action_edit(
    request: AuthenticatedRequest,
    network_slug: str,
    topic_id: int | None = None,
    action_id: int | None = None,
) -> HttpResponse:
    access = get_network_for_coordinator(request, network_slug)
    action = (
        get_object_or_404(
            Action.objects.select_related("topic"), topic__network=access.network, pk=action_id
        )
        if action_id
        else None
    )
    topic = (
        action.topic if action else get_object_or_404(Topic, network=access.network, pk=topic_id)
    )
    projects, spaces = _action_choices(request, access)
    initial = {}
    if action is not None:
        initial = {
            "title": action.title,
            "description": action.description,
            "owner_organisation": action.owner_organisation_id,
            "owner_name": action.owner_name,
            "status": action.status,
            "projects": [p.pk for p in action.projects.all()],
            "spaces": [s.pk for s in action.spaces.all()],
        }
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        network=access.network,
        projects=projects,
        spaces=spaces,
    )
    if save_form(
        request,
        form,
        lambda data: action_save(
            actor=request.user,
            topic=topic,
            data=data,
            action=action,
            context=audit_context(request),
        ),
    ):
        messages.success(request, _("De actie is opgeslagen."))
        return _home(access)
    return form_page(
        request,
        "networks/action_form.html",
        form,
        action=action,
        topic=topic,
        network=access.network,
    )


@public_view
@once_per_submission
def join(request: HttpRequest, network_slug: str) -> HttpResponse:
    """Someone without a member organisation joins as participant: without an account they
    make one here (the address is confirmed by a mailed link), then accept the terms. A
    signed-in person whose address is known to be theirs (confirmed, or vouched for by their
    organisation) accepts the terms here and takes part at once."""
    access = get_network_for_viewer(request, network_slug)
    if not access.profile.open_to_individuals and not access.is_network_person:
        raise Http404
    context = {"access": access, "network": access.network, "profile": access.profile}
    user = request.user
    if not isinstance(user, User):
        return _signup(request, access, context)
    confirmed = email_confirmed(user)
    if "opnieuw" in request.POST and not confirmed:
        participant_confirm_send(actor=user, network=access.network)
        messages.success(
            request,
            _("We hebben de bevestigingslink opnieuw gestuurd naar %(email)s.")
            % {"email": user.email},
        )
        return redirect("networks:join", network_slug=network_slug)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if save_form(
        request,
        form,
        lambda data: participant_join(
            actor=user,
            network=access.network,
            accepted_terms=data["accept_terms"],
            context=audit_context(request),
        ),
    ):
        messages.success(
            request,
            _("Welkom! Je doet nu mee met %(name)s.") % {"name": access.network.name},
        )
        return _home(access)
    return form_page(request, "networks/join.html", form, confirmed=confirmed, **context)


SIGNUP_SENT = "networks.signup_sent"


def _signup(request: HttpRequest, access, context: dict) -> HttpResponse:
    form = ParticipantSignupForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and not ratelimit.consume(request, action="signup"):
        form.add_error(
            None, _("Te veel aanmeldingen vanaf dit adres. Probeer het over een minuut opnieuw.")
        )
    if form.is_bound and not form.errors:
        data = form.cleaned_data
        try:
            participant_signup(
                network=access.network,
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                context=audit_context(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same answer whether or not the address had an account; a redirect, so a
            # second click or a reload sends nothing twice.
            request.session[SIGNUP_SENT] = data["email"]
            return redirect("networks:join", network_slug=access.network.slug)
    if not form.is_bound and SIGNUP_SENT in request.session:
        sent_to = request.session.pop(SIGNUP_SENT)
        return render(request, "networks/join.html", {**context, "sent_to": sent_to})
    return form_page(request, "networks/join.html", form, signup=True, **context)


@public_view
def join_confirm(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The mailed link: a button confirms the address (a GET changes nothing, so a mail
    scanner that opens links confirms nobody), then on to signing in and joining."""
    access = get_network_for_viewer(request, network_slug)
    if not access.profile.open_to_individuals:
        raise Http404
    key = request.POST.get("sleutel") or request.GET.get("sleutel", "")
    context = {"network": access.network, "key": key}
    if request.method == "POST":
        try:
            participant_confirm(key=key, network=access.network, context=audit_context(request))
        except ValidationError as error:
            return render(
                request,
                "networks/join_confirm.html",
                {**context, "error": " ".join(error.messages)},
                status=400,
            )
        messages.success(request, _("Je e-mailadres is bevestigd."))
        join_url = reverse("networks:join", kwargs={"network_slug": network_slug})
        if request.user.is_authenticated:
            return redirect(join_url)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': join_url})}")
    return render(request, "networks/join_confirm.html", context)


@public_view
def convenant_document(request: HttpRequest, network_slug: str) -> FileResponse:
    """The signed convenant, for whoever may see the network's home."""
    access = get_network_for_viewer(request, network_slug)
    convenant = convenant_of(access.network)
    if convenant is None or not convenant.document:
        raise Http404
    response = stored_file_response(
        convenant.document, filename=f"{access.network.slug}-convenant.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@public_view
def overview(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The generated overview: the SVG drawn from the data, with the same content as a table;
    ``?formaat=svg``, ``pdf`` or ``png`` downloads it."""
    access = get_network_for_viewer(request, network_slug)
    topics = topics_with_actions(access, viewer_of_request(request))
    name = access.network.name
    wanted = request.GET.get("formaat", "")
    if wanted == "svg":
        response = HttpResponse(overview_svg(name, topics), content_type="image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="{network_slug}-overzicht.svg"'
        return response
    if wanted == "pdf":
        response = HttpResponse(overview_pdf(name, topics), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{network_slug}-overzicht.pdf"'
        return response
    if wanted == "png":
        response = HttpResponse(overview_png(name, topics), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{network_slug}-overzicht.png"'
        return response
    return render(
        request,
        "networks/overview.html",
        {
            "access": access,
            "network": access.network,
            "topics": topics,
            "svg": mark_safe(overview_svg(name, topics)),  # noqa: S308  # nosec B308, B703 - escape()d text
        },
    )
