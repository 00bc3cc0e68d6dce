"""Check uploaded files by extension, size and content (magic bytes), with Dutch messages.

A file whose extension says PDF but whose bytes say otherwise is refused: a disguised upload
never reaches storage.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

Sniffer = Callable[[bytes], bool]

SNIFFERS: dict[str, Sniffer] = {
    ".pdf": lambda head: head.startswith(b"%PDF-"),
    ".png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    ".jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".xlsx": lambda head: head.startswith(b"PK\x03\x04"),
    # Office documents are ZIP containers (Office Open XML and OpenDocument alike).
    ".docx": lambda head: head.startswith(b"PK\x03\x04"),
    ".pptx": lambda head: head.startswith(b"PK\x03\x04"),
    ".odt": lambda head: head.startswith(b"PK\x03\x04"),
    ".ods": lambda head: head.startswith(b"PK\x03\x04"),
    ".odp": lambda head: head.startswith(b"PK\x03\x04"),
    ".csv": lambda head: b"\x00" not in head,
    ".json": lambda head: b"\x00" not in head,
}

EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg")


def validate_upload(upload: UploadedFile, *, extensions: tuple[str, ...], max_mb: int) -> None:
    name = (upload.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in extensions:
        raise ValidationError(
            _("Kies een bestand van het type %(types)s.") % {"types": ", ".join(extensions)}
        )
    size = upload.size or 0  # Django always knows the size of an upload it received
    if size == 0:
        raise ValidationError(_("Het bestand is leeg."))
    if size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s MB); het maximum is %(max)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "max": max_mb}
        )
    head = upload.read(4096)
    upload.seek(0)
    if not SNIFFERS[extension](head):
        raise ValidationError(
            _("De inhoud van dit bestand past niet bij %(ext)s.") % {"ext": extension}
        )


# What a browser is told a stored upload is, by extension (the upload check guarantees that the
# bytes match it); anything else is sent as plain bytes.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg"})


def stored_extension(stored: FieldFile) -> str:
    return (stored.name or "").rsplit(".", 1)[-1].lower()


def content_type_of(stored: FieldFile) -> str:
    return CONTENT_TYPES.get(stored_extension(stored), "application/octet-stream")


def stored_file_response(stored: FieldFile, *, filename: str) -> FileResponse:
    """Send a stored upload so that it can never run as a page: the content type by extension,
    no sniffing, a sandbox; images may show in the browser, everything else downloads. 404 when
    the file has gone from storage."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=stored_extension(stored) not in IMAGE_EXTENSIONS,
        filename=filename,
        content_type=content_type_of(stored),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
