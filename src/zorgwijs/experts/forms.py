from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.forms import ModelChoiceField, ModelForm, choice_field_of, model_choice_field_of
from zorgwijs.projects.models import Theme

from .models import SPOKEN_LANGUAGES, ExpertProfile, Reach
from .selectors import claimable_projects, verified_items
from .services import MAX_MESSAGE

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class ProfileForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Talen waarin je wilt meedenken."),
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "listed",
            "reach",
            "headline",
            "about",
            "themes",
            "thinks_along",
            "languages",
            "projects",
            "shown_items",
        ]
        widgets = {
            "reach": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "shown_items": forms.CheckboxSelectMultiple,
            "about": forms.Textarea(attrs={"rows": 5, "class": "utrecht-textarea"}),
            "headline": forms.TextInput(attrs={"class": TEXTBOX}),
        }
        labels = {"themes": _("Expertise (thema's)")}
        help_texts = {
            "themes": _("Thema's waarin je ervaring hebt; zo vinden anderen je."),
            "projects": _("Projecten van je organisatie of waarbij je contactpersoon bent."),
            "shown_items": _(
                "Bekwaamheden die nu geldig zijn in je paspoort. Anderen zien alleen de naam "
                "met 'geverifieerd', nooit je paspoort zelf."
            ),
            "about": _("Wat je hebt gedaan, waar je mee kunt helpen. Zet hier geen e-mailadres."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field_of(self, "reach").choices = Reach.choices
        model_choice_field_of(self, "themes").queryset = Theme.objects.all()
        model_choice_field_of(self, "projects").queryset = claimable_projects(user)
        model_choice_field_of(self, "shown_items").queryset = verified_items(user)
        self.fields["languages"].initial = self.instance.languages

    def service_data(self) -> dict:
        data = self.cleaned_data
        keys = ("listed", "reach", "headline", "about", "thinks_along", "languages")
        return {key: data[key] for key in keys}


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Je bericht"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5, "class": "utrecht-textarea"}),
        help_text=_(
            "Wie ben je, waar werk je aan en waarover wil je praten? Je e-mailadres wordt niet "
            "meegestuurd; dat krijgt de ander pas als die je verzoek accepteert."
        ),
    )


class PeopleFilterForm(forms.Form):
    thema = ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle thema's"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    meedenken = forms.BooleanField(label=_("Alleen wie graag meedenkt"), required=False)
