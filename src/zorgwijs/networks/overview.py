"""The generated overview ("infographic") of a network: topics → actions → projects, with the
owning organisations, laid out from the data once and drawn as SVG (on the page, accessible:
title, description, real text) and as PDF (reportlab). The page shows the same content as a
table, so nothing is only in the picture."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .models import Topic

COLUMNS = (20, 260, 560)  # x of topics, actions, projects
WIDTHS = (220, 280, 300)
LINE = 16
PAD = 8
GAP = 12
CHARS = (28, 36, 40)  # characters per line in each column (11 px text)
COLOURS = {"topic": "#0b4f8a", "action": "#e8f0f8", "project": "#ffffff"}


@dataclass
class Box:
    column: int
    y: float
    height: float
    lines: list[str]
    kind: str

    @property
    def x(self) -> int:
        return COLUMNS[self.column]

    @property
    def width(self) -> int:
        return WIDTHS[self.column]


@dataclass
class Layout:
    width: int
    height: float
    boxes: list[Box] = field(default_factory=list)
    links: list[tuple[float, float, float, float]] = field(default_factory=list)


def _wrap(text: str, column: int, max_lines: int = 4) -> list[str]:
    lines = textwrap.wrap(text, CHARS[column]) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: CHARS[column] - 1] + "…"
    return lines


def _height(lines: list[str]) -> float:
    return len(lines) * LINE + 2 * PAD


def layout(topics: list[Topic]) -> Layout:
    """Each action is a row; its topic spans its rows on the left, its projects stack on the
    right. Heights follow the wrapped text, so long titles never overlap."""
    result = Layout(width=COLUMNS[2] + WIDTHS[2] + 20, height=0)
    y = 20.0
    for topic in topics:
        top = y
        actions = list(topic.actions.all())
        action_boxes = []
        for action in actions:
            owner = (
                action.owner_organisation.name if action.owner_organisation else action.owner_name
            )
            lines = _wrap(action.title, 1, 3)
            lines += _wrap(
                f"{action.get_status_display()}" + (f" · {owner}" if owner else ""), 1, 2
            )
            projects = [_wrap(p.title, 2, 2) for p in action.projects.all()]
            row_height = max(
                _height(lines), sum(_height(p) for p in projects) + GAP * max(len(projects) - 1, 0)
            )
            box = Box(1, y, _height(lines), lines, "action")
            action_boxes.append(box)
            result.boxes.append(box)
            py = y
            for project_lines in projects:
                project = Box(2, py, _height(project_lines), project_lines, "project")
                result.boxes.append(project)
                result.links.append(
                    (
                        box.x + box.width,
                        box.y + box.height / 2,
                        project.x,
                        project.y + project.height / 2,
                    )
                )
                py += project.height + GAP
            y += row_height + GAP
        topic_lines = _wrap(f"{topic.number}. {topic.title}", 0, 4)
        height = max(_height(topic_lines), (y - GAP) - top if actions else 0)
        topic_box = Box(0, top, height, topic_lines, "topic")
        result.boxes.append(topic_box)
        for box in action_boxes:
            result.links.append(
                (
                    topic_box.x + topic_box.width,
                    box.y + box.height / 2,
                    box.x,
                    box.y + box.height / 2,
                )
            )
        y = max(y, top + height + GAP) + GAP
    result.height = y + 10
    return result


def svg(network_name: str, topics: list[Topic]) -> str:
    drawn = layout(topics)
    title = _("Overzicht van %(name)s") % {"name": network_name}
    description = _(
        "Thema's van het netwerk met hun acties, de trekker en status van elke actie, en de "
        "projecten die bij een actie horen. Dezelfde gegevens staan in de tabel."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawn.width} {drawn.height:.0f}" '
        f'role="img" aria-labelledby="overview-title overview-desc" class="zw-net-overview">',
        f'<title id="overview-title">{escape(title)}</title>',
        f'<desc id="overview-desc">{escape(description)}</desc>',
    ]
    for x1, y1, x2, y2 in drawn.links:
        parts.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
            'stroke="#6b7b8c" stroke-width="1.5"/>'
        )
    for box in drawn.boxes:
        fill = COLOURS[box.kind]
        ink = "#ffffff" if box.kind == "topic" else "#1a1a1a"
        parts.append(
            f'<rect x="{box.x}" y="{box.y:.0f}" width="{box.width}" height="{box.height:.0f}" '
            f'rx="4" fill="{fill}" stroke="#0b4f8a"/>'
        )
        for number, line in enumerate(box.lines):
            weight = ' font-weight="700"' if number == 0 and box.kind != "project" else ""
            parts.append(
                f'<text x="{box.x + PAD}" y="{box.y + PAD + LINE * (number + 1) - 4:.0f}" '
                f'font-family="sans-serif" font-size="12" fill="{ink}"{weight}>'
                f"{escape(line)}</text>"
            )
    parts.append("</svg>")
    return "\n".join(parts)


def pdf(network_name: str, topics: list[Topic]) -> bytes:
    """The same layout on a PDF page of its own size (reportlab)."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    drawn = layout(topics)
    buffer = io.BytesIO()
    height = drawn.height + 40
    canvas = Canvas(buffer, pagesize=(drawn.width, height))
    canvas.setTitle(_("Overzicht van %(name)s") % {"name": network_name})
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(20, height - 24, _("Overzicht van %(name)s") % {"name": network_name})
    top = height - 40

    def flip(y: float) -> float:
        return top - y

    canvas.setStrokeColor(HexColor("#6b7b8c"))
    for x1, y1, x2, y2 in drawn.links:
        canvas.line(x1, flip(y1), x2, flip(y2))
    for box in drawn.boxes:
        canvas.setFillColor(HexColor(COLOURS[box.kind]))
        canvas.setStrokeColor(HexColor("#0b4f8a"))
        canvas.roundRect(box.x, flip(box.y + box.height), box.width, box.height, 4, fill=1)
        canvas.setFillColor(HexColor("#ffffff" if box.kind == "topic" else "#1a1a1a"))
        for number, line in enumerate(box.lines):
            bold = number == 0 and box.kind != "project"
            canvas.setFont("Helvetica-Bold" if bold else "Helvetica", 10)
            canvas.drawString(box.x + PAD, flip(box.y + PAD + LINE * (number + 1) - 4), line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def png(network_name: str, topics: list[Topic], scale: int = 2) -> bytes:
    """The same layout as a PNG image (Pillow, already installed for images elsewhere; its
    built-in FreeType font, so no system font is needed), drawn at ``scale`` for sharp text."""
    from PIL import Image, ImageDraw, ImageFont

    drawn = layout(topics)
    header = 40
    size = (int(drawn.width * scale), int((drawn.height + header) * scale))
    image = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=14 * scale)
    font = ImageFont.load_default(size=11 * scale)
    draw.text(
        (20 * scale, 12 * scale),
        _("Overzicht van %(name)s") % {"name": network_name},
        font=title_font,
        fill="#1a1a1a",
    )

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, (y + header) * scale

    for x1, y1, x2, y2 in drawn.links:
        draw.line([at(x1, y1), at(x2, y2)], fill="#6b7b8c", width=max(1, int(1.5 * scale)))
    for box in drawn.boxes:
        draw.rounded_rectangle(
            [at(box.x, box.y), at(box.x + box.width, box.y + box.height)],
            radius=4 * scale,
            fill=COLOURS[box.kind],
            outline="#0b4f8a",
            width=scale,
        )
        ink = "#ffffff" if box.kind == "topic" else "#1a1a1a"
        for number, line in enumerate(box.lines):
            baseline = box.y + PAD + LINE * (number + 1) - 4  # as in the SVG
            draw.text(at(box.x + PAD, baseline), line, font=font, fill=ink, anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
