"""Forms of the network pages. Choices (projects, spaces, organisations) are limited to what
the network and the person may see: an id from elsewhere is refused at the field."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zorgwijs.accounts.models import User
from zorgwijs.lib.forms import (
    FIRST_DAY,
    LAST_DAY,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    label_choices,
    model_choice_field_of,
)
from zorgwijs.organisations.forms import AdminForm
from zorgwijs.organisations.models import Organisation, Visibility

from .calendar import MAX_IMPORT_BYTES
from .models import (
    EVENT_VISIBILITY,
    MAX_CHOICES,
    ActionStatus,
    ContributionKind,
    EventKind,
    MonthlyTheme,
    ReviewDecision,
    RoleKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DateTimeField(forms.DateTimeField):
    """A moment between 1900 and 2999 (far from the calendar's ends: no overflow)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DATETIME)
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        super().__init__(**kwargs)

    def validate(self, value: datetime.datetime | None) -> None:
        super().validate(value)
        if value is not None and not FIRST_DAY <= value.date() <= LAST_DAY:
            raise ValidationError(_("Kies een datum tussen 1900 en 2999."), code="date_range")


class ProfileForm(AdminForm):
    about = forms.CharField(
        label=_("Over het netwerk"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    public_home = forms.BooleanField(
        label=_("Openbare startpagina"),
        required=False,
        help_text=_(
            "Iedereen ziet dan wat het netwerk is, het convenant, de thema's en openbare "
            "activiteiten. Leden en contactpersonen blijven voor het netwerk."
        ),
    )
    open_to_individuals = forms.BooleanField(
        label=_("Open voor deelnemers zonder lidorganisatie"), required=False
    )
    anonymous_reactions = forms.BooleanField(
        label=_("Anonieme reacties op bijdragen"),
        required=False,
        help_text=_("Lezers zonder account reageren dan ook; de redactie keurt elke reactie goed."),
    )
    terms = forms.CharField(
        label=_("Deelnamevoorwaarden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class RoleForm(AdminForm):
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("De persoon heeft al een account bij Zorgwijs.")
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[
            (RoleKind.COORDINATOR, RoleKind.COORDINATOR.label),
            (RoleKind.EDITOR, RoleKind.EDITOR.label),
        ],
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("Er is geen account met dit e-mailadres."))
        return user


class MemberAddForm(AdminForm):
    """A coordinator adds an organisation of the platform. The list offers the organisations
    that are not members; one that is (a form opened before a colleague added it) is refused
    by the service at the field with what is the matter."""

    organisation = ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Kies een organisatie uit de lijst."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres van de contactpersoon"),
        required=False,
        help_text=_(
            "Een beheerder van de organisatie, voor het kernteam. Je kunt de contactpersoon "
            "ook later kiezen."
        ),
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        field = model_choice_field_of(self, "organisation")
        field.queryset = Organisation.objects.order_by("name")
        outside = Organisation.objects.exclude(network_memberships__network=network).order_by(
            "name"
        )
        field.widget.choices = [("", field.empty_label or "")] + [(o.pk, o.name) for o in outside]


class ConvenantForm(AdminForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    signed_on = DateField(label=_("Ondertekend op"), widget=DATE)
    summary = forms.CharField(
        label=_("Samenvatting"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    document = forms.FileField(label=_("Document (pdf, ten hoogste 10 MB)"), required=False)


class SignatoryForm(AdminForm):
    organisation = ModelChoiceField(
        label=_("Lidorganisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(geen lid op Zorgwijs)"),
    )
    organisation_name = forms.CharField(
        label=_("Of de naam van de organisatie"), max_length=200, required=False
    )
    signed_by = forms.CharField(label=_("Ondertekend door"), max_length=200, required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "organisation").queryset = network.organisations.order_by(
            "name"
        )


class TopicForm(AdminForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActionForm(AdminForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner_organisation = ModelChoiceField(
        label=_("Trekker (organisatie)"), queryset=Organisation.objects.none(), required=False
    )
    owner_name = forms.CharField(
        label=_("Trekker"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld de programmaleider of projectgroep."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    projects = ModelMultipleChoiceField(
        label=_("Programma's en projecten"), queryset=None, required=False
    )
    spaces = ModelMultipleChoiceField(label=_("Kennisruimtes"), queryset=None, required=False)

    def __init__(self, *args, network, projects, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "owner_organisation").queryset = network.organisations.order_by(
            "name"
        )
        self.fields["projects"].queryset = projects  # type: ignore[attr-defined]
        self.fields["spaces"].queryset = spaces  # type: ignore[attr-defined]


class EventForm(AdminForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=EventKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    starts_at = DateTimeField(label=_("Begint"))
    ends_at = DateTimeField(label=_("Eindigt"))
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)
    visibility = forms.ChoiceField(
        label=_("Zichtbaar voor"),
        choices=[(Visibility.NETWORK, _("Netwerk")), (Visibility.PUBLIC, _("Openbaar"))],
    )
    capacity = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leeg: onbeperkt."),
    )
    registration_open = forms.BooleanField(label=_("Aanmelden mogelijk"), required=False)
    poster_criteria = forms.CharField(
        label=_("Beoordelingscriteria voor posters"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Eén criterium per regel. Leeg: geen posters bij deze activiteit."),
    )
    public_vote = forms.BooleanField(
        label=_("Publieksprijs: bezoekers stemmen op posters"), required=False
    )


class SessionForm(AdminForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    leaders = forms.CharField(
        label=_("Workshopleiders"),
        max_length=300,
        required=False,
        help_text=_("Namen, met komma's."),
    )
    room = forms.CharField(label=_("Zaal"), max_length=100, required=False)
    starts_at = DateTimeField(label=_("Begint"))
    ends_at = DateTimeField(label=_("Eindigt"))
    capacity = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leeg: onbeperkt."),
    )


class ReportForm(AdminForm):
    summary = forms.CharField(
        label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    golden_tips = forms.CharField(
        label=_("Gouden tips"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Eén tip per regel."),
    )


class ReactionForm(AdminForm):
    text = forms.CharField(
        label=_("Je reactie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class JoinForm(AdminForm):
    accept_terms = forms.BooleanField(
        label=_("Ik accepteer de deelnamevoorwaarden van dit netwerk"), required=False
    )


class ParticipantSignupForm(AdminForm):
    """An account for someone outside the member organisations who wants to join an open
    network: the address is confirmed by a link, the terms are accepted after that."""

    full_name = forms.CharField(label=_("Je naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nogmaals"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De wachtwoorden zijn niet gelijk."))
        elif first:
            candidate = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class CalendarImportForm(AdminForm):
    """The upload of a calendar import; its content is checked by the import's dry run
    (``networks/import_jobs.py``), whose file errors land at this field too."""

    file = forms.FileField(
        label=_("Agenda-bestand (.ics)"),
        help_text=_(
            "Een iCalendar-bestand (.ics) van maximaal 1 MB, met hoogstens 500 activiteiten."
        ),
    )
    kind = forms.ChoiceField(label=_("Soort activiteit"), choices=EventKind.choices)
    visibility = forms.ChoiceField(label=_("Zichtbaar voor"), choices=EVENT_VISIBILITY)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".ics"):
            raise ValidationError(_("Kies een .ics-bestand."))
        if (upload.size or 0) > MAX_IMPORT_BYTES:
            raise ValidationError(_("Het bestand is groter dan 1 MB."))
        return upload


class PosterForm(AdminForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    organisation = ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(een andere organisatie)"),
    )
    organisation_name = forms.CharField(
        label=_("Andere organisatie"), max_length=200, required=False
    )
    abstract = forms.CharField(
        label=_("Samenvatting"), widget=forms.Textarea(attrs={"rows": 5}), max_length=3000
    )
    file = forms.FileField(
        label=_("Poster (pdf, png of jpg, ten hoogste 15 MB)"),
        help_text=_("Kies het bestand opnieuw als er iets anders niet klopte."),
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "organisation").queryset = network.organisations.order_by(
            "name"
        )


class ScoreForm(AdminForm):
    """One 1–5 field per criterion of the event."""

    def __init__(self, *args, criteria: list[str], initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for number, criterion in enumerate(criteria):
            self.fields[f"c{number}"] = forms.TypedChoiceField(
                label=criterion,
                choices=[("", "–")] + [(str(i), str(i)) for i in range(1, 6)],
                coerce=int,
                initial=(initial_scores or {}).get(criterion),
            )
        self._style_widgets()

    def scores(self) -> dict[str, int]:
        return {c: self.cleaned_data[f"c{n}"] for n, c in enumerate(self.criteria)}


class AwardForm(AdminForm):
    award = forms.CharField(
        label=_("Prijs"),
        max_length=100,
        initial=_("Posterprijs"),
        error_messages={"required": _("Geef de prijs een naam.")},
    )


class JuryForm(AdminForm):
    email = forms.EmailField(label=_("E-mailadres van het jurylid"))

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise ValidationError(_("Er is geen account met dit e-mailadres."))
        return user


class ContributionForm(AdminForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=ContributionKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    theme = ModelChoiceField(
        label=_("Thema van de maand"),
        queryset=MonthlyTheme.objects.none(),
        required=False,
        empty_label=_("(geen)"),
    )
    body = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20000
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "theme").queryset = MonthlyTheme.objects.filter(network=network)


class ReviewForm(AdminForm):
    decision = forms.ChoiceField(
        label=_("Besluit"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Opmerking voor de auteur"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class ScheduleForm(AdminForm):
    publish_at = DateTimeField(label=_("Publiceren op"))


class MonthlyThemeForm(AdminForm):
    month = DateField(label=_("Maand"), widget=DATE, help_text=_("Een dag in de maand."))
    title = forms.CharField(label=_("Thema"), max_length=200)
    quote = forms.CharField(
        label=_("Spreuk of citaat"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    quote_source = forms.CharField(label=_("Van"), max_length=200, required=False)


def _need_label(need) -> str:
    return f"{need.title} ({need.source_name})"


class RoundForm(AdminForm):
    """A coordinator opens a prioritisation round over the region's open knowledge needs."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    choices = forms.IntegerField(
        label=_("Aantal keuzes per organisatie"),
        min_value=1,
        max_value=MAX_CHOICES,
        initial=5,
        help_text=_(
            "Elke organisatie zet zoveel kennisbehoeften op volgorde; plaats 1 krijgt de "
            "meeste punten. Kies 1 voor één stem per organisatie."
        ),
    )
    closes_on = DateField(
        label=_("Stemmen kan tot en met"),
        required=False,
        widget=DATE,
        help_text=_("Leeg: tot de coördinator de ronde sluit."),
    )
    individuals_vote = forms.BooleanField(
        label=_("Deelnemers zonder lidorganisatie stemmen mee"),
        required=False,
        help_text=_(
            "Elke deelnemer die op eigen titel meedoet, brengt dan één eigen stem uit, die even "
            "zwaar telt als die van een organisatie."
        ),
    )
    candidates = ModelMultipleChoiceField(
        label=_("Kennisbehoeften in de ronde"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Open kennisbehoeften die de lidorganisaties en de deelnemers met het netwerk delen."
        ),
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        field = model_choice_field_of(self, "candidates")
        field.queryset = needs
        label_choices(field, _need_label)


class BallotForm(AdminForm):
    """An organisation's ranking: place 1 to ``choices``, each one of the round's needs."""

    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, priority_round, needs, current: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.places = list(range(1, priority_round.choices + 1))
        for place in self.places:
            field = ModelChoiceField(
                label=_("Plaats %(n)s") % {"n": place},
                queryset=needs,
                required=place == 1,
                empty_label=_("(geen)"),
                initial=current[place - 1] if place <= len(current) else None,
            )
            label_choices(field, _need_label)
            self.fields[f"place_{place}"] = field
        self.fields["replace"].initial = bool(current)
        self._style_widgets()

    def place_fields(self):
        return [self[f"place_{place}"] for place in self.places]

    def clean(self):
        data = super().clean() or {}
        seen: dict[int, int] = {}
        gap = None
        for place in self.places:
            need = data.get(f"place_{place}")
            if need is None:
                gap = gap or place
                continue
            if gap is not None:
                self.add_error(
                    f"place_{gap}",
                    _("Vul de plaatsen van boven af in: plaats %(n)s is nog leeg.") % {"n": gap},
                )
                gap = None
            if need.pk in seen:
                self.add_error(
                    f"place_{place}",
                    _("Deze kennisbehoefte staat al op plaats %(n)s.") % {"n": seen[need.pk]},
                )
            seen.setdefault(need.pk, place)
        return data

    def ranked(self) -> list[int]:
        return [
            self.cleaned_data[f"place_{place}"].pk
            for place in self.places
            if self.cleaned_data.get(f"place_{place}") is not None
        ]


class ProfileTemplateForm(AdminForm):
    """A coordinator's new version of a shared function profile: its name, text and, per
    shared item of the network, whether the function asks it (and how firmly)."""

    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, template, items, **kwargs):
        super().__init__(*args, **kwargs)
        from zorgwijs.competences.models import RequirementLevel

        levels = {line.item_id: line.level for line in template.lines}
        self.fields["name"].initial = template.name
        self.fields["description"].initial = template.description
        self.item_names = []
        for item in items:
            name = f"item_{item.pk}"
            self.fields[name] = forms.ChoiceField(
                label=item.name,
                required=False,
                choices=[("", _("Niet in dit profiel")), *RequirementLevel.choices],
                initial=levels.get(item.pk, ""),
            )
            self.item_names.append(name)
        self._style_widgets()

    def items(self) -> dict[int, str]:
        return {
            int(name.removeprefix("item_")): self.cleaned_data[name]
            for name in self.item_names
            if self.cleaned_data.get(name)
        }
