"""A file kept with a record (a project's report, a scenario's patient chart): the fields and
the checks every such model shares.

``FileAttachment`` is abstract: each model adds the record it belongs to and its own
``FileField`` (where files are stored differs per app, and its ``upload_to`` is part of the
migration state, so it stays with the model). ``accept_upload`` is the one check of an upload:
type by extension and content, size, and for Office files their table of contents.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .uploads import content_type_of, stored_extension, validate_upload

MAX_TITLE = 200
MAX_NAME = 255
# The entry every Office Open XML file has, and the first entry of every OpenDocument file.
_OOXML_MARKER = "[Content_Types].xml"
_ODF_MARKER = "mimetype"


class FileAttachment(models.Model):
    title = models.CharField(gettext_lazy("titel"), max_length=MAX_TITLE)
    original_name = models.CharField(gettext_lazy("bestandsnaam"), max_length=MAX_NAME)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    file: FieldFile  # declared by each model: FileField(upload_to=…, max_length=300)

    class Meta:
        abstract = True
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return stored_extension(self.file)

    @property
    def content_type(self) -> str:
        return content_type_of(self.file)

    def take(self, upload: UploadedFile, *, title: str, uploaded_by) -> None:
        """Fill in the file and its facts from an upload ``accept_upload`` accepted; the caller
        saves the row."""
        name = printable_name(upload)
        self.title = title[:MAX_TITLE]
        self.original_name = name
        self.size = upload.size or 0
        self.uploaded_by = uploaded_by
        self.file.save(name, upload, save=False)


def printable_name(upload: UploadedFile) -> str:
    """The uploaded file's name as shown: printable characters only, at most 255 (its end,
    which keeps the extension)."""
    return "".join(ch for ch in (upload.name or "") if ch.isprintable())[-MAX_NAME:]


def printable_title(title: str) -> str:
    return "".join(ch for ch in (title or "") if ch.isprintable()).strip()


def accept_upload(upload: UploadedFile, *, extensions: tuple[str, ...], max_mb: int) -> None:
    """Refuse, as an error at the field ``file``, a file of another type (by extension and by
    content), an empty or too large one, and an Office file that is not the container it
    claims to be (a renamed ZIP, a broken one)."""
    try:
        validate_upload(upload, extensions=extensions, max_mb=max_mb)
        _check_container(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None


def _check_container(upload: UploadedFile) -> None:
    """A ZIP file renamed to .docx passes the magic-byte check; its table of contents does not."""
    extension = (upload.name or "").lower().rsplit(".", 1)[-1]
    marker = {"docx": _OOXML_MARKER, "xlsx": _OOXML_MARKER, "pptx": _OOXML_MARKER}.get(
        extension, _ODF_MARKER if extension in {"odt", "ods", "odp"} else ""
    )
    if not marker:
        return
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    finally:
        upload.seek(0)
    if marker not in names:
        raise ValidationError(
            _("De inhoud van dit bestand past niet bij .%(ext)s.") % {"ext": extension}
        )
