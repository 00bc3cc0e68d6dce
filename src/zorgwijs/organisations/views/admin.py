"""The organisation admin screens (``/o/<slug>/beheer/``) and the platform's network screens.

Views stay thin: fetch through the named access helpers (404 for other organisations' ids),
validate with a form scoped to the organisation, write through ``services``.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view, platform_admin_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.networks.selectors import former_members_of
from zorgwijs.networks.services import network as network_services

from .. import services as svc
from ..capabilities import department_roles
from ..forms import (
    DepartmentForm,
    JobFunctionForm,
    ManagerDepartmentsForm,
    MemberAddForm,
    MembershipEndForm,
    MembershipForm,
    NetworkContactForm,
    NetworkForm,
    NetworkMemberAddForm,
    OrganisationSettingsForm,
    PeopleFilterForm,
    RoleGrantForm,
    SsoAppForm,
)
from ..selectors import admin as sel

PAGE_SIZE = 50
# The end form shares its page with the membership form, which has an end_date too.
END_PREFIX = "einde"


def _org(request: OrgRequest):
    return request.org_access.organisation


def _to(name: str, request: OrgRequest, **kwargs) -> HttpResponse:
    return redirect(f"organisations:{name}", org_slug=_org(request).slug, **kwargs)


# Overview


@org_view("people.manage")
def admin_home(request: OrgRequest, org_slug: str) -> HttpResponse:
    return render(request, "organisations/admin/home.html")


# Organisation settings


@org_view("organisation.manage")
def organisation_settings(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = _org(request)
    # A copy: validation writes into the instance, and the page header shows the real one.
    form = OrganisationSettingsForm(
        request.POST or None, instance=copy.copy(organisation), prefix="org"
    )
    if request.method == "POST" and form.is_valid():
        svc.organisation_update(
            actor=request.user,
            organisation=organisation,
            context=audit_context(request),
            **form.cleaned_data,
        )
        messages.success(request, _("De instellingen zijn opgeslagen."))
        return _to("admin_settings", request)
    app = organisation.sso_app
    sso_form = SsoAppForm(
        initial={
            "name": app.name,
            "client_id": app.client_id,
            "server_url": (app.settings or {}).get("server_url", ""),
        }
        if app
        else {"name": organisation.name[:40]},
        has_secret=bool(app and app.secret),
        prefix="sso",
    )
    return render(
        request,
        "organisations/admin/settings.html",
        {"form": form, "sso_form": sso_form, "sso_app": app},
        status=400 if form.errors else 200,
    )


@org_view("organisation.manage")
@require_POST
def organisation_sso(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = _org(request)
    app = organisation.sso_app
    if request.POST.get("remove"):
        svc.organisation_sso_remove(
            actor=request.user, organisation=organisation, context=audit_context(request)
        )
        messages.success(request, _("De koppeling voor single sign-on is verwijderd."))
        return _to("admin_settings", request)
    sso_form = SsoAppForm(request.POST, has_secret=bool(app and app.secret), prefix="sso")
    if sso_form.is_valid():
        svc.organisation_sso_save(
            actor=request.user,
            organisation=organisation,
            context=audit_context(request),
            **sso_form.cleaned_data,
        )
        messages.success(request, _("De koppeling voor single sign-on is opgeslagen."))
        return _to("admin_settings", request)
    form = OrganisationSettingsForm(instance=organisation, prefix="org")
    return render(
        request,
        "organisations/admin/settings.html",
        {"form": form, "sso_form": sso_form, "sso_app": app},
        status=400,
    )


# Departments


@org_view("structure.manage")
def department_list(request: OrgRequest, org_slug: str) -> HttpResponse:
    tree = sel.department_tree(organisation=_org(request))
    return render(request, "organisations/admin/departments.html", {"tree": tree})


@org_view("structure.manage")
@once_per_submission
def department_create(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = _org(request)
    initial = {}
    if request.GET.get("onder", "").isdigit():
        initial["parent"] = request.GET["onder"]
    form = DepartmentForm(request.POST or None, organisation=organisation, initial=initial)
    department = save_form(
        request,
        form,
        lambda data: svc.department_add(
            actor=request.user, organisation=organisation, context=audit_context(request), **data
        ),
    )
    if department:
        messages.success(request, _("Afdeling %(name)s is aangemaakt.") % {"name": department.name})
        return _to("admin_departments", request)
    return form_page(request, "organisations/admin/department_form.html", form, department=None)


@org_view("structure.manage")
def department_edit(request: OrgRequest, org_slug: str, department_id: int) -> HttpResponse:
    access = request.org_access
    department = sel.get_department_for_admin(access, department_id)
    form = DepartmentForm(
        request.POST or None, organisation=access.organisation, instance=department
    )
    saved = save_form(
        request,
        form,
        lambda data: svc.department_update(
            actor=request.user, department=department, context=audit_context(request), **data
        ),
    )
    if saved:
        messages.success(request, _("De afdeling is opgeslagen."))
        return _to("admin_departments", request)
    blockers = sel.department_blockers(department=department)
    return form_page(
        request,
        "organisations/admin/department_form.html",
        form,
        department=department,
        blockers=blockers,
    )


@org_view("structure.manage")
@require_POST
def department_delete(request: OrgRequest, org_slug: str, department_id: int) -> HttpResponse:
    department = sel.get_department_for_admin(request.org_access, department_id)
    try:
        svc.department_delete(
            actor=request.user, department=department, context=audit_context(request)
        )
    except ValidationError as error:
        for reason in error.messages:
            messages.error(
                request,
                _("%(name)s kan niet worden verwijderd: %(reason)s")
                % {"name": department.name, "reason": reason},
            )
        return _to("admin_department_edit", request, department_id=department.pk)
    messages.success(request, _("Afdeling %(name)s is verwijderd.") % {"name": department.name})
    return _to("admin_departments", request)


# Job functions


@org_view("structure.manage")
def job_function_list(request: OrgRequest, org_slug: str) -> HttpResponse:
    functions = sel.job_function_list(organisation=_org(request))
    return render(request, "organisations/admin/job_functions.html", {"functions": functions})


@org_view("structure.manage")
@once_per_submission
def job_function_edit(
    request: OrgRequest, org_slug: str, job_function_id: int | None = None
) -> HttpResponse:
    access = request.org_access
    job_function = (
        sel.get_job_function_for_admin(access, job_function_id) if job_function_id else None
    )
    form = JobFunctionForm(
        request.POST or None, organisation=access.organisation, instance=job_function
    )

    def save(data):
        if job_function is None:
            return svc.job_function_add(
                actor=request.user,
                organisation=access.organisation,
                context=audit_context(request),
                **data,
            )
        return svc.job_function_update(
            actor=request.user, job_function=job_function, context=audit_context(request), **data
        )

    if save_form(request, form, save):
        messages.success(request, _("De functie is opgeslagen."))
        return _to("admin_job_functions", request)
    return form_page(
        request, "organisations/admin/job_function_form.html", form, job_function=job_function
    )


# People


@org_view("people.manage")
def member_list(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = _org(request)
    filters = PeopleFilterForm(request.GET or None, organisation=organisation)
    values = filters.cleaned_data if filters.is_valid() else {}
    members = sel.member_search(
        organisation=organisation,
        query=(values.get("q") or "").strip(),
        department=values.get("afdeling"),
        job_function=values.get("functie"),
        status=values.get("status") or sel.STATUS_ACTIVE,
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "organisations/admin/members.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


def _invited_message(membership) -> str:
    """What the admin needs to know: the invitation went out, and how this person signs in."""
    from ..invitations import PASSWORD, SSO, sign_in_route

    route = sign_in_route(membership)
    values = {"name": membership.user.full_name, "organisation": membership.organisation.name}
    if route.how == SSO:
        how = _("%(name)s logt in met het werkaccount van %(organisation)s (single sign-on).")
    elif route.how == PASSWORD:
        how = _("%(name)s kiest een wachtwoord via de link in de e-mail.")
    else:
        how = _("%(name)s had al een account en logt daarmee in.")
    text = _("%(name)s is toegevoegd en krijgt een e-mail met uitleg.") + " " + how
    if route.two_factors:
        text += " " + _("Daarna stelt %(name)s tweestapsverificatie in.")
    return text % values


@org_view("people.manage")
@once_per_submission
def member_add(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = _org(request)
    form = MemberAddForm(request.POST or None, organisation=organisation)
    membership = save_form(
        request,
        form,
        lambda data: svc.membership_add(
            actor=request.user,
            organisation=organisation,
            context=audit_context(request),
            email=data["email"],
            full_name=data["full_name"],
            extra_departments=data["extra_departments"],
            **form.service_values(),
        ),
    )
    if membership:
        messages.success(request, _invited_message(membership))
        return _to("admin_member", request, membership_id=membership.pk)
    return form_page(request, "organisations/admin/member_add.html", form)


@org_view("people.manage")
def member_edit(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    access = request.org_access
    membership = sel.get_membership_for_admin(access, membership_id)
    form = MembershipForm(
        request.POST or None, organisation=access.organisation, instance=membership
    )
    saved = save_form(
        request,
        form,
        lambda data: svc.membership_update(
            actor=request.user,
            membership=membership,
            context=audit_context(request),
            extra_departments=data["extra_departments"],
            **form.service_values(),
        ),
    )
    if saved:
        messages.success(request, _("Het dienstverband is opgeslagen."))
        return _to("admin_member", request, membership_id=membership.pk)
    end_form = MembershipEndForm(membership=membership, prefix=END_PREFIX)
    roles = sel.member_roles(membership=membership) if access.can("roles.manage") else None
    return form_page(
        request,
        "organisations/admin/member_edit.html",
        form,
        member=membership,
        end_form=end_form,
        roles=roles,
    )


@org_view("people.manage")
def member_end(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    membership = sel.get_membership_for_admin(request.org_access, membership_id)
    form = MembershipEndForm(request.POST or None, membership=membership, prefix=END_PREFIX)
    ended = save_form(
        request,
        form,
        lambda data: svc.membership_end(
            actor=request.user,
            membership=membership,
            context=audit_context(request),
            end_date=data["end_date"],
        ),
    )
    if ended:
        messages.success(
            request,
            _("Het dienstverband van %(name)s eindigt op %(date)s.")
            % {
                "name": membership.user.full_name,
                "date": form.cleaned_data["end_date"].strftime("%d-%m-%Y"),
            },
        )
        return _to("admin_member", request, membership_id=membership.pk)
    return form_page(request, "organisations/admin/member_end.html", form, member=membership)


# Roles


@org_view("roles.manage")
@once_per_submission
def member_roles(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    access = request.org_access
    membership = sel.get_membership_for_admin(access, membership_id)
    form = RoleGrantForm(
        request.POST or None, organisation=access.organisation, membership=membership
    )
    granted = save_form(
        request,
        form,
        lambda data: svc.role_grant(
            actor=request.user, membership=membership, context=audit_context(request), **data
        ),
    )
    if granted:
        messages.success(request, _("De rol is toegekend."))
        return _to("admin_member_roles", request, membership_id=membership.pk)
    assignments = sel.member_roles(membership=membership)
    department_forms = {
        a.pk: ManagerDepartmentsForm(
            organisation=access.organisation,
            prefix=f"r{a.pk}",
            initial={"departments": list(a.departments.all())},
        )
        for a in assignments
        if a.role in department_roles()
    }
    rows = [(a, department_forms.get(a.pk)) for a in assignments]
    return form_page(
        request, "organisations/admin/member_roles.html", form, member=membership, rows=rows
    )


@org_view("roles.manage")
@require_POST
def member_role_departments(
    request: OrgRequest, org_slug: str, membership_id: int, assignment_id: int
) -> HttpResponse:
    access = request.org_access
    membership = sel.get_membership_for_admin(access, membership_id)
    assignment = sel.get_role_assignment_for_admin(access, membership, assignment_id)
    form = ManagerDepartmentsForm(
        request.POST, organisation=access.organisation, prefix=f"r{assignment.pk}"
    )
    if form.is_valid():
        svc.role_set_departments(
            actor=request.user,
            assignment=assignment,
            context=audit_context(request),
            departments=form.cleaned_data["departments"],
        )
        messages.success(request, _("De afdelingen van de leidinggevende zijn opgeslagen."))
    else:
        for errors in form.errors.values():
            for error in errors.as_data():
                messages.error(request, " ".join(error.messages))
    return _to("admin_member_roles", request, membership_id=membership.pk)


@org_view("roles.manage")
@require_POST
def member_role_revoke(
    request: OrgRequest, org_slug: str, membership_id: int, assignment_id: int
) -> HttpResponse:
    access = request.org_access
    membership = sel.get_membership_for_admin(access, membership_id)
    assignment = sel.get_role_assignment_for_admin(access, membership, assignment_id)
    try:
        svc.role_revoke(actor=request.user, assignment=assignment, context=audit_context(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("De rol %(role)s is ingetrokken.") % {"role": assignment.get_role_display()}
        )
    return _to("admin_member_roles", request, membership_id=membership.pk)


# Networks (platform admin)


@platform_admin_view
@once_per_submission
def network_list(request: AuthenticatedRequest) -> HttpResponse:
    form = NetworkForm(request.POST or None, prefix="new")
    network = save_form(request, form, lambda data: svc.network_create(actor=request.user, **data))
    if network:
        messages.success(request, _("Netwerk %(name)s is aangemaakt.") % {"name": network.name})
        return redirect("platform:network", network_id=network.pk)
    return form_page(request, "platform/networks.html", form, networks=sel.network_list())


@platform_admin_view
@once_per_submission
def network_detail(request: AuthenticatedRequest, network_id: int) -> HttpResponse:
    network = sel.get_network_for_platform(network_id)
    form = NetworkMemberAddForm(request.POST or None, network=network, prefix="add")
    added = save_form(
        request,
        form,
        lambda data: network_services.member_add(
            actor=request.user,
            network=network,
            organisation=data["organisation"],
            context=audit_context(request),
        ),
    )
    if added:
        messages.success(request, _("De organisatie is toegevoegd aan het netwerk."))
        return redirect("platform:network", network_id=network.pk)
    members = sel.network_members(network=network)
    admins = sel.organisation_admins_by_org(organisation_ids=[m.organisation_id for m in members])
    # The contact selects are rendered from ``admins`` (one query for all rows);
    # NetworkContactForm validates what comes back.
    rows = [{"membership": m, "admins": admins.get(m.organisation_id, [])} for m in members]
    return form_page(
        request,
        "platform/network_detail.html",
        form,
        network=network,
        rows=rows,
        former_members=former_members_of(network),
    )


@platform_admin_view
@require_POST
def network_member_remove(
    request: AuthenticatedRequest, network_id: int, membership_id: int
) -> HttpResponse:
    network = sel.get_network_for_platform(network_id)
    membership = sel.get_network_membership_for_platform(network, membership_id)
    # The coordinators' service: the organisation is kept among the former members, with the
    # same audit entry, whoever ends the membership.
    try:
        network_services.member_end(
            actor=request.user, membership=membership, context=audit_context(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is uit het netwerk gehaald.") % {"name": membership.organisation.name},
        )
    return redirect("platform:network", network_id=network.pk)


@platform_admin_view
@require_POST
def network_contact(
    request: AuthenticatedRequest, network_id: int, membership_id: int
) -> HttpResponse:
    network = sel.get_network_for_platform(network_id)
    membership = sel.get_network_membership_for_platform(network, membership_id)
    form = NetworkContactForm(request.POST, membership=membership, prefix=f"c{membership.pk}")
    if form.is_valid():
        try:
            network_services.member_contact_set(
                actor=request.user,
                membership=membership,
                contact=form.cleaned_data["contact_person"],
                context=audit_context(request),
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("De contactpersoon is opgeslagen."))
    else:
        for errors in form.errors.values():
            for error in errors.as_data():
                messages.error(request, " ".join(error.messages))
    return redirect("platform:network", network_id=network.pk)
