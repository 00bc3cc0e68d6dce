"""The project's forms: NL Design System classes once, errors announced after validation, and a
subclass's late label changes shown."""

from django import forms

from zorgwijs.lib.forms import StyledForm


class PumpForm(StyledForm):
    name = forms.CharField(label="Naam")
    kind = forms.ChoiceField(choices=[("pump", "Pomp")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Naam van de pomp"  # after the mixin styled the widgets


def test_an_invalid_field_is_announced_and_classes_are_not_repeated():
    form = PumpForm(data={"name": "", "kind": "pump"})
    assert not form.is_valid()
    html = str(form["name"])
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_name-error"' in html
    classes = form.fields["name"].widget.attrs["class"]
    assert classes == "utrecht-textbox utrecht-textbox--html-input"
    assert "aria-invalid" not in str(form["kind"])
    assert "utrecht-select" in str(form["kind"])


def test_a_label_set_after_styling_is_the_one_shown():
    assert "Naam van de pomp" in PumpForm().as_div()


def test_int_or_none_takes_only_ascii_whole_numbers_an_id_column_holds():
    from zorgwijs.lib.forms import int_or_none

    assert [int_or_none(v) for v in ("32", " 7 ", "32¿'\"(", "²", "-1", "", None, "9" * 12)] == [
        32,
        7,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
