"""Forms for the organisation admin screens and the platform's network screens.

Every choice of a department, function or member is limited to the actor's own organisation:
an id from another organisation is not among the choices, so the field gets an error and
nothing is saved.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgwijs.accounts.models import User
from zorgwijs.lib.forms import (
    MAX_QUERY_LENGTH,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    StyledForm,
    StyledModelForm,
    label_choices,
    model_choice_field_of,
)

from ..capabilities import department_roles
from ..models import (
    Department,
    JobFunction,
    Membership,
    Network,
    NetworkMembership,
    Organisation,
    Role,
)
from ..selectors.admin import STATUS_ACTIVE, STATUS_ALL, STATUS_ENDED

# The organisation screens' names for the project's forms.
AdminForm = StyledForm
AdminModelForm = StyledModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _departments(organisation: Organisation):
    return Department.objects.filter(organisation=organisation).order_by("path")


class DepartmentChoiceField(ModelChoiceField):
    """Shows the tree's depth in the option label, so a long list stays readable."""

    def label_from_instance(self, obj: Department) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class DepartmentMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


# Organisation


class OrganisationSettingsForm(AdminModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "province",
            "region",
            "require_mfa_for_sensitive_roles",
            "require_mfa_for_everyone",
            "sso_email_domains",
        ]

    def clean_sso_email_domains(self) -> str:
        raw = self.cleaned_data["sso_email_domains"]
        domains = [d.strip().lower().lstrip("@") for d in raw.split(",") if d.strip()]
        for domain in domains:
            if "." not in domain or " " in domain or "@" in domain:
                raise forms.ValidationError(
                    _("'%(domain)s' is geen geldig domein, bijvoorbeeld: ziekenhuis.nl"),
                    params={"domain": domain},
                )
        return ", ".join(domains)


class SsoAppForm(AdminForm):
    name = forms.CharField(label=_("Naam van de koppeling"), max_length=40)
    server_url = forms.URLField(
        label=_("Adres van de identity provider"),
        help_text=_("Bijvoorbeeld https://login.microsoftonline.com/<tenant>/v2.0"),
        assume_scheme="https",
    )
    client_id = forms.CharField(label=_("Client-ID"), max_length=191)
    secret = forms.CharField(
        label=_("Client-secret"),
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Laat leeg om het huidige secret te bewaren."),
    )

    def __init__(self, *args, has_secret: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret

    def clean_server_url(self) -> str:
        url = self.cleaned_data["server_url"]
        if not url.startswith("https://"):
            raise forms.ValidationError(_("Gebruik een beveiligd adres (https://)."))
        return url

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not self.has_secret and not cleaned.get("secret"):
            self.add_error("secret", _("Vul het client-secret in."))
        return cleaned


# Departments


class DepartmentForm(AdminModelForm):
    parent = DepartmentChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Valt onder"),
        empty_label=_("(bovenste niveau)"),
    )

    class Meta:
        model = Department
        fields = ["name", "code", "parent"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "parent").queryset = _departments(organisation)

    def clean_parent(self) -> Department | None:
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _(
                    "Een afdeling kan niet onder zichzelf of een eigen onderafdeling vallen. "
                    "Kies een andere afdeling."
                )
            )
        return parent

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        name, parent = cleaned.get("name"), cleaned.get("parent")
        if name and "parent" not in self.errors:
            siblings = Department.objects.filter(
                organisation=self.organisation, parent=parent, name__iexact=name
            ).exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("name", _("Op deze plek bestaat al een afdeling met deze naam."))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service; keep the instance untouched here.
        pass


# Job functions


class JobFunctionForm(AdminModelForm):
    class Meta:
        model = JobFunction
        fields = ["name", "code", "big_registered"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = JobFunction.objects.filter(organisation=self.organisation, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er bestaat al een functie met deze naam."))
        return name

    def _post_clean(self):
        pass


# People


class PeopleFilterForm(AdminForm):
    q = forms.CharField(
        label=_("Zoek op naam, e-mail of personeelsnummer"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
    )
    afdeling = DepartmentChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Afdeling"),
        empty_label=_("Alle afdelingen"),
    )
    functie = ModelChoiceField(
        queryset=JobFunction.objects.none(),
        required=False,
        label=_("Functie"),
        empty_label=_("Alle functies"),
    )
    status = forms.ChoiceField(
        label=_("Dienstverband"),
        required=False,
        choices=[
            (STATUS_ACTIVE, _("In dienst")),
            (STATUS_ENDED, _("Uit dienst")),
            (STATUS_ALL, _("Iedereen")),
        ],
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "afdeling").queryset = _departments(organisation)
        model_choice_field_of(self, "functie").queryset = JobFunction.objects.filter(
            organisation=organisation
        ).order_by("name")


class MembershipForm(AdminModelForm):
    """Edit an employment. Name and e-mail belong to the person's account, not to this form."""

    job_function = ModelChoiceField(
        queryset=JobFunction.objects.none(),
        required=False,
        label=_("Functie"),
        empty_label=_("(geen)"),
    )
    primary_department = DepartmentChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Afdeling"),
        empty_label=_("(geen)"),
    )
    extra_departments = DepartmentMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Extra afdelingen"),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer afdelingen te kiezen."),
    )
    line_manager = ModelChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        label=_("Leidinggevende"),
        empty_label=_("(geen)"),
        help_text=_("Alleen medewerkers met de rol leidinggevende."),
    )

    class Meta:
        model = Membership
        fields = [
            "employee_number",
            "job_function",
            "primary_department",
            "extra_departments",
            "line_manager",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "job_function").queryset = JobFunction.objects.filter(
            organisation=organisation
        ).order_by("name")
        model_choice_field_of(self, "primary_department").queryset = _departments(organisation)
        model_choice_field_of(self, "extra_departments").queryset = _departments(organisation)
        managers = Q(roles__role__in=department_roles())
        if self.instance.line_manager_id:
            managers |= Q(pk=self.instance.line_manager_id)
        model_choice_field_of(self, "line_manager").queryset = (
            Membership.objects.filter(organisation=organisation)
            .filter(managers)
            .exclude(pk=self.instance.pk)
            .select_related("user")
            .order_by("user__full_name")
            .distinct()
        )
        label_choices(model_choice_field_of(self, "line_manager"), lambda m: m.user.full_name)

    def clean_employee_number(self) -> str:
        number = self.cleaned_data["employee_number"].strip()
        if number:
            taken = Membership.objects.filter(
                organisation=self.organisation, employee_number=number
            )
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("Dit personeelsnummer is al in gebruik."))
        return number

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt voor de begindatum."))
        return cleaned

    def _post_clean(self):
        pass

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("extra_departments", None)
        data.pop("email", None)
        data.pop("full_name", None)
        return data


class MemberAddForm(MembershipForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Heeft deze persoon al een account, dan wordt dat account gebruikt."),
    )
    full_name = forms.CharField(label=_("Naam"), max_length=200)

    field_order = [
        "email",
        "full_name",
        "employee_number",
        "job_function",
        "primary_department",
        "extra_departments",
        "line_manager",
        "start_date",
        "end_date",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["start_date"].initial = timezone.localdate()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user and Membership.objects.filter(organisation=self.organisation, user=user).exists():
            raise forms.ValidationError(
                _("Deze persoon heeft al een dienstverband bij deze organisatie.")
            )
        return email


class MembershipEndForm(AdminForm):
    end_date = DateField(label=_("Laatste werkdag"), widget=DateInput())

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["end_date"].initial = membership.end_date or timezone.localdate()

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if self.membership.start_date and end < self.membership.start_date:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        return end


# Roles


class RoleGrantForm(AdminForm):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    departments = DepartmentMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Afdelingen"),
        help_text=_(
            "Alleen voor een leidinggevende: de afdelingen (met onderafdelingen) "
            "waarvan hij of zij de medewerkers ziet."
        ),
    )

    def __init__(self, *args, organisation: Organisation, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        model_choice_field_of(self, "departments").queryset = _departments(organisation)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        role = cleaned.get("role")
        if (
            role in department_roles()
            and not cleaned.get("departments")
            and "departments" not in self.errors
        ):
            self.add_error("departments", _("Kies minstens één afdeling voor een leidinggevende."))
        if role and self.membership.roles.filter(role=role).exists():
            self.add_error("role", _("Deze persoon heeft deze rol al."))
        return cleaned


class ManagerDepartmentsForm(AdminForm):
    departments = DepartmentMultipleChoiceField(
        queryset=Department.objects.none(),
        label=_("Afdelingen"),
        error_messages={"required": _("Kies minstens één afdeling voor een leidinggevende.")},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "departments").queryset = _departments(organisation)


# Networks (platform)


class NetworkForm(AdminModelForm):
    class Meta:
        model = Network
        fields = ["name", "slug", "kind", "region", "description"]


class NetworkMemberAddForm(AdminForm):
    organisation = ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisatie"),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "organisation").queryset = Organisation.objects.exclude(
            network_memberships__network=network
        ).order_by("name")


class NetworkContactForm(AdminForm):
    contact_person = ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Contactpersoon"),
        empty_label=_("(geen)"),
        help_text=_("Een beheerder van deze organisatie."),
    )

    def __init__(self, *args, membership: NetworkMembership, **kwargs):
        from ..selectors.admin import organisation_admin_users

        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "contact_person").queryset = organisation_admin_users(
            organisation_ids=[membership.organisation_id]
        )
        self.fields["contact_person"].initial = membership.contact_person_id
        label_choices(
            model_choice_field_of(self, "contact_person"), lambda u: f"{u.full_name} ({u.email})"
        )
