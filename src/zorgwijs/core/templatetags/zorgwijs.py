from django import template
from django.utils.html import format_html

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
