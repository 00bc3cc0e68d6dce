"""A known list of XSS payloads in Markdown, titles, questions and file names: neutralised."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.knowledge.factories import PDF, make_answer, make_page, make_question
from zorgwijs.knowledge.markdown import render_markdown

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](javascript&#58;alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](x" onerror="alert(1))',
    '<div style="background:url(javascript:alert(1))">stijl</div>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<object data="javascript:alert(1)"></object>',
    "[a](<javascript:alert(1)>)",
    "<form action=javascript:alert(1)><button>x</button></form>",
]

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "body",
    "details",
    "link",
    "meta",
    "base",
}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "/", "#", "?")


class _Elements(HTMLParser):
    """The real elements and attributes of a piece of HTML (escaped text is not an element)."""

    def __init__(self, allowed: set[str]):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allowed = allowed

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS - self.allowed:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            url_attribute = name in {"href", "src", "action", "data", "formaction"}
            has_scheme = ":" in value.split("/", 1)[0]
            if url_attribute and has_scheme and not value.startswith(SAFE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:30]}>")


def assert_neutral(html: str, *, ours: set[str] = frozenset()) -> None:
    """No active content in ``html``; ``ours`` names tags the page itself uses (its forms)."""
    parser = _Elements(set(ours))
    parser.feed(html)
    assert not parser.problems, f"active content survived: {parser.problems}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renderer_neutralises(payload):
    assert_neutral(render_markdown(payload))
    assert_neutral(render_markdown(f"Tekst\n\n{payload}\n\n**meer**"))


def _main(html: str) -> str:
    """The page's main content (the shell's own scripts are ours and allowed)."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_payloads_in_pages_titles_questions_and_file_names_are_neutralised(
    space, world, editor_client
):
    everything = "\n\n".join(PAYLOADS)
    title = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    page = make_page(space, world.admin_a.user, title=title, body=everything)
    question = make_question(space, world.employee_a.user, title=title, body=everything)
    make_answer(question, world.admin_a.user, body=everything)
    name = "<img src=x onerror=alert(1)>.pdf"
    editor_client.post(
        reverse(
            "knowledge:attachment_upload", kwargs={"space_slug": space.slug, "page_id": page.pk}
        ),
        {"file": SimpleUploadedFile(name, PDF)},
    )
    urls = [
        reverse("knowledge:page", kwargs={"space_slug": space.slug, "page_id": page.pk}),
        reverse("knowledge:space", kwargs={"space_slug": space.slug}),
        reverse(
            "knowledge:question", kwargs={"space_slug": space.slug, "question_id": question.pk}
        ),
        reverse("knowledge:page_history", kwargs={"space_slug": space.slug, "page_id": page.pk}),
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code == 200
        html = _main(response.content.decode())
        assert_neutral(html, ours={"form"})
        # A payload's own form would post to javascript:, caught above; ours post to paths.
        assert "<form action=javascript" not in html
    assert page.attachments.get().original_name == name  # kept as text, shown escaped


def test_diff_of_payloads_is_escaped(space, world, editor_client):
    from zorgwijs.knowledge.services.pages import page_revise

    page = make_page(space, world.admin_a.user, body="veilig")
    base = page.current_revision_id
    page_revise(
        actor=world.admin_a.user,
        page=page,
        title=page.title,
        body="\n".join(PAYLOADS),
        base_revision_id=base,
    )
    url = reverse("knowledge:page_diff", kwargs={"space_slug": space.slug, "page_id": page.pk})
    assert_neutral(_main(editor_client.get(url).content.decode()), ours={"form"})
