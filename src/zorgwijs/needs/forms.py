from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.concurrency import VersionField
from zorgwijs.lib.forms import ModelForm, choice_field_of, model_choice_field_of
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.models import Theme

from .models import Need, NeedKind

CREATE_FIELDS = ["kind", "title", "description", "themes", "region", "sector", "visibility"]


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.Textarea):
            css = "utrecht-textarea"
        elif isinstance(widget, forms.Select):
            css = "utrecht-select utrecht-select--html-select"
        else:
            css = "utrecht-textbox utrecht-textbox--html-input"
        widget.attrs.setdefault("class", css)


class NeedForm(ModelForm):
    """Create (without status: a new need is open) or edit (with status) a need."""

    region = forms.ChoiceField(label=_("Regio"), required=False)
    # The need as the editor loaded it (lib.concurrency); unused when creating.
    version = VersionField()

    class Meta:
        model = Need
        fields = [*CREATE_FIELDS, "status"]
        widgets = {
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title": _("Bijvoorbeeld: 'Hoe krijgen we nachtdiensten rond met minder mensen?'"),
            "description": _("Wat wil je weten, of waar loopt het delen van kennis vast?"),
            "visibility": _(
                "Openbaar: iedereen; netwerk: ook partners in je netwerk; organisatie: alleen "
                "collega's."
            ),
        }

    def __init__(self, *args, regions: list[str], in_network: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]
        if in_network or (self.instance.pk and self.instance.organisation_id is None):
            # A participant's need lives in the network: there is no organisation to keep it in.
            visibility = choice_field_of(self, "visibility")
            visibility.choices = [
                (value, label)
                for value, label in Visibility.choices
                if value != Visibility.ORGANISATION
            ]
            visibility.help_text = _("Netwerk: de mensen van het netwerk; openbaar: iedereen.")
        model_choice_field_of(self, "themes").queryset = Theme.objects.all()
        current = self.instance.region if self.instance.pk else ""
        choices = sorted(set(regions) | ({current} if current else set()))
        choice_field_of(self, "region").choices = [
            ("", _("Landelijk of geen regio")),
            *[(r, r) for r in choices],
        ]
        choice_field_of(self, "kind").choices = NeedKind.choices  # without the empty choice
        _style(self)

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"themes", "version"}}
