"""Fill in an edit form the way a browser does: load the page, take every field's current value
from the HTML (hidden fields included), change some, submit."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and not self._in_form:
            self._in_form = True
            self.fields = []
            self.forms.append(self.fields)
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def form_data(html: str) -> dict[str, str | list[str]]:
    """The values the edit form of ``html`` (the POST form with a ``version`` field) would
    submit; repeated names become lists."""
    parser = _FormFields()
    parser.feed(html)
    fields = next(f for f in parser.forms if any(name == "version" for name, _ in f))
    data: dict[str, str | list[str]] = {}
    for name, value in fields:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data


def load_form(client, url: str) -> dict[str, str | list[str]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_data(response.content.decode())
