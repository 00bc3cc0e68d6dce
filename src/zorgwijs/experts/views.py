"""People pages: the list, a profile, one's own profile, contact requests. Outside ``/o/…``:
people are found across organisations, each profile only within the reach its owner chose."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.visibility import viewer_of_request

from .forms import ContactForm, PeopleFilterForm, ProfileForm
from .models import ExpertProfile
from .selectors import (
    answers_of,
    get_profile_for_viewer,
    get_request_for_participant,
    get_request_for_recipient,
    open_request_between,
    own_profile,
    profile_list,
    projects_of,
    requests_of,
    shown_competences,
)
from .services import (
    contact_request_accept,
    contact_request_decline,
    contact_request_send,
    profile_save,
)


@login_view
def people_index(request: AuthenticatedRequest) -> HttpResponse:
    viewer = viewer_of_request(request)
    form = PeopleFilterForm(request.GET or None)
    profiles = profile_list(viewer=viewer)
    if form.is_valid():
        if form.cleaned_data["thema"]:
            profiles = profiles.filter(themes=form.cleaned_data["thema"])
        if form.cleaned_data["meedenken"]:
            profiles = profiles.filter(thinks_along=True)
    page = Paginator(profiles, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "experts/index.html",
        {"form": form, "page": page, "own": own_profile(request.user)},
    )


def _profile_page(request, profile: ExpertProfile, form: ContactForm) -> HttpResponse:
    viewer = viewer_of_request(request)
    context = {
        "profile": profile,
        "is_own": profile.user_id == request.user.pk,
        "projects": projects_of(user=profile.user, viewer=viewer),
        "answers": answers_of(user=profile.user, viewer=viewer),
        "competences": shown_competences(profile),
        "open_request": open_request_between(request.user, profile.user),
    }
    return form_page(request, "experts/profile.html", form, **context)


@login_view
def profile_detail(request: AuthenticatedRequest, expert_id: int) -> HttpResponse:
    profile = get_profile_for_viewer(viewer=viewer_of_request(request), expert_id=expert_id)
    return _profile_page(request, profile, ContactForm())


@login_view
@once_per_submission
def contact_new(request: AuthenticatedRequest, expert_id: int) -> HttpResponse:
    profile = get_profile_for_viewer(viewer=viewer_of_request(request), expert_id=expert_id)
    form = ContactForm(request.POST or None)
    contact = save_form(
        request,
        form,
        lambda data: contact_request_send(
            actor=request.user,
            profile=profile,
            message=data["message"],
            context=audit_context(request),
        ),
    )
    if contact is not None:
        messages.success(
            request,
            _("Je bericht is verstuurd. Je hoort het zodra %(name)s heeft geantwoord.")
            % {"name": profile.user.full_name},
        )
        return redirect(contact.get_absolute_url())
    return _profile_page(request, profile, form)


@login_view
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    profile = own_profile(request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    saved = save_form(
        request,
        form,
        lambda data: profile_save(
            actor=request.user,
            data=form.service_data(),
            themes=data["themes"],
            projects=data["projects"],
            shown_items=data["shown_items"],
            context=audit_context(request),
        ),
    )
    if saved is not None:
        messages.success(request, _("Je expertprofiel is opgeslagen."))
        return redirect(saved.get_absolute_url())
    return form_page(request, "experts/profile_form.html", form, profile=profile)


@login_view
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    received, sent = requests_of(request.user)
    return render(request, "experts/requests.html", {"received": received, "sent": sent})


@login_view
def request_detail(request: AuthenticatedRequest, contact_request_id: int) -> HttpResponse:
    contact = get_request_for_participant(user=request.user, contact_request_id=contact_request_id)
    is_recipient = contact.recipient_id == request.user.pk
    other = contact.sender if is_recipient else contact.recipient
    found = ExpertProfile.objects.visible_to(viewer_of_request(request)).filter(user=other)
    return render(
        request,
        "experts/request_detail.html",
        {"contact": contact, "is_recipient": is_recipient, "other_profile": found.first()},
    )


def _decide(request, contact_request_id: int, service, done: str) -> HttpResponse:
    contact = get_request_for_recipient(user=request.user, contact_request_id=contact_request_id)
    try:
        service(actor=request.user, contact=contact, context=audit_context(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(contact.get_absolute_url())


@login_view
@require_POST
def request_accept(request: AuthenticatedRequest, contact_request_id: int) -> HttpResponse:
    return _decide(
        request,
        contact_request_id,
        contact_request_accept,
        _("Geaccepteerd: jullie hebben elkaars e-mailadres gekregen."),
    )


@login_view
@require_POST
def request_decline(request: AuthenticatedRequest, contact_request_id: int) -> HttpResponse:
    return _decide(
        request,
        contact_request_id,
        contact_request_decline,
        _("Afgeslagen. De ander krijgt een vriendelijk bericht, zonder je e-mailadres."),
    )
