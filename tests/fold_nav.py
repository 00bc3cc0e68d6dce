"""Read a rendered page's folding link lists (core/_fold_nav.html) as a small tree, so a test
can say where a link sits: inside the <details>, after its <summary>, before <main>."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and all(child.attrs.get(k) == v for k, v in attrs.items()):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs: str) -> Element:
        (only,) = self.find_all(tag, **attrs)
        return only

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestors(self) -> list[Element]:
        node, up = self.parent, []
        while node is not None:
            up.append(node)
            node = node.parent
        return up

    def all_text(self) -> str:
        return " ".join((self.text + " " + " ".join(c.all_text() for c in self.children)).split())


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = self.node = Element("#document", {})
        self.order: list[Element] = []  # every element in document order

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(element)
        self.order.append(element)
        if tag not in VOID:
            self.node = element

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.text += data


def parse(html: str) -> tuple[Element, list[Element]]:
    tree = _Tree()
    tree.feed(html)
    return tree.root, tree.order


def folded_nav(html: str, label: str) -> tuple[Element, Element, list[Element]]:
    """The <nav aria-label=label>: (nav, its <details>, every element in document order).
    Fails unless the links are inside the disclosure, after its <summary>."""
    root, order = parse(html)
    nav = root.find("nav", **{"aria-label": label})
    (details,) = [c for c in nav.children if c.tag == "details"]
    assert details.children[0].tag == "summary"
    links = nav.find_all("a")
    assert links and all(details in link.ancestors() for link in links)
    return nav, details, order


def current_link(nav: Element) -> Element:
    (current,) = [a for a in nav.find_all("a") if a.attrs.get("aria-current") == "page"]
    return current
