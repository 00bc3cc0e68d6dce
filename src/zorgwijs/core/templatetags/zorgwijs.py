from django import forms, template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from zorgwijs.core.data_cache import cached
from zorgwijs.core.navigation import Menu, menu_fragment
from zorgwijs.lib.idempotency import TOKEN_FIELD, new_token

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: look up a dict entry by a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def submission_token():
    """``{% submission_token %}`` inside a creating form: a one-time token, so sending the same
    form twice creates one object (the view carries ``lib.idempotency.once_per_submission``)."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())


@register.filter
def nl_date(value):
    """``{{ value|nl_date }}``: "9 mei 2028", a moment taken on the Amsterdam calendar
    (``lib/dates.py``)."""
    from zorgwijs.lib.dates import format_date

    return format_date(value)


@register.filter
def nl_datetime(value):
    """``{{ value|nl_datetime }}``: "9 mei 2028, 14:05" in Amsterdam time."""
    from zorgwijs.lib.dates import format_datetime

    return format_datetime(value)


def active_filter_count(filters, query) -> int:
    """How many filters of a list page are on: ``filters`` is the page's bound form (a field
    counts when its submitted value is not empty and not what the form shows without it, such as
    the first option of a choice without an empty one), or the names of its GET parameters
    separated by spaces (a name counts when the query string gives it a value)."""
    if isinstance(filters, str):
        return sum(1 for name in filters.split() if any(v.strip() for v in query.getlist(name)))
    if not getattr(filters, "is_bound", False):
        return 0
    count = 0
    for bound in filters:
        value = bound.data
        if value in (None, "", [], (), False):
            continue
        field = bound.field
        plain_choice = isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField | forms.MultipleChoiceField
        )
        if plain_choice and field.choices:
            first = str(list(field.choices)[0][0])
            if first != "" and str(value) == first:
                continue  # the option the select shows when nothing was chosen
        count += 1
    return count


class FilterFoldNode(template.Node):
    def __init__(self, nodelist, filters):
        self.nodelist, self.filters = nodelist, filters

    def render(self, context):
        filters = self.filters.resolve(context)
        request = context.get("request")
        query = request.GET if request is not None else QueryDict()
        return render_to_string(
            "core/_filter_fold.html",
            {
                "active": active_filter_count(filters, query),
                "has_errors": bool(getattr(filters, "errors", None)),
                "content": self.nodelist.render(context),
            },
        )


@register.tag("filterfold")
def filterfold(parser, token):
    """``{% filterfold form %}<form …>…</form>{% endfilterfold %}``: a list page's filter form
    behind one "Filter" disclosure (core/_filter_fold.html), so that on a phone the results
    come first. ``form`` is the bound filter form, or the form's GET parameter names in one
    string ("thema regio soort"); they count the active filters for the summary."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% filterfold %} takes one argument: the form")
    nodelist = parser.parse(("endfilterfold",))
    parser.delete_first_token()
    return FilterFoldNode(nodelist, parser.compile_filter(bits[1]))


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        parts = [str(v.resolve(context)) for v in self.vary_on]
        key = ":".join(("fragment", self.name, get_language() or "", *parts))
        html = cached(key, lambda: self.nodelist.render(context))
        return SafeString(html)  # nosec B703 - rendered by the template engine, autoescaped


@register.tag("shared")
def shared(parser, token):
    """``{% shared "name" obj.pk … %}…{% endshared %}``: a part of a page that is the same for
    everyone who may see the page, rendered once and kept under the data generation
    (``core/data_cache.py``: any write to the data makes a new one) per language and the
    values given. Only for content that depends on nothing else: never on the viewer, their
    rights, a form or a CSRF token (the view decides who may see the page at all)."""
    bits = token.split_contents()
    if len(bits) < 3 or not _quoted(bits[1]):
        raise template.TemplateSyntaxError(
            '{% shared %} takes a quoted name and at least one value: {% shared "name" obj.pk %}'
        )
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])


def _quoted(bit: str) -> bool:
    return len(bit) >= 2 and bit[0] in "\"'" and bit[-1] == bit[0]


class MenuFragmentNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        menu = context.get("nav")
        if not isinstance(menu, Menu):  # a page rendered without the shell (an error page)
            return self.nodelist.render(context)
        html = menu_fragment(
            menu, self.name, get_language() or "", lambda: self.nodelist.render(context)
        )
        return SafeString(html)  # nosec B703 - rendered by the template engine, autoescaped


@register.tag("menu_fragment")
def menu_fragment_tag(parser, token):
    """``{% menu_fragment "name" %}…{% endmenu_fragment %}``: markup that shows the header menu
    (``nav``) and nothing else, rendered once per menu and language in this process
    (``core.navigation.menu_fragment``). Never for anything else of the page or the person."""
    bits = token.split_contents()
    if len(bits) != 2 or not _quoted(bits[1]):
        raise template.TemplateSyntaxError("{% menu_fragment %} takes a quoted name")
    nodelist = parser.parse(("endmenu_fragment",))
    parser.delete_first_token()
    return MenuFragmentNode(nodelist, bits[1][1:-1])
