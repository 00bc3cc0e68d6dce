from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.spreadsheets import TableFileError, check_table_upload

from .parsing import LIMITS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class HrImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR-bestand (CSV of XLSX)"),
        help_text=_("Een .csv- of .xlsx-bestand van maximaal 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Kies een bestand van het type .csv of .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (%(size)s MB); het maximum is 20 MB.")
                % {"size": round(upload.size / 1024 / 1024, 1)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Het bestand is leeg."))
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".xlsx") and not head.startswith(ZIP_MAGIC):
            raise forms.ValidationError(_("Dit is geen geldig XLSX-bestand."))
        if name.endswith(".csv") and b"\x00" in head:
            raise forms.ValidationError(_("Dit is geen CSV-tekstbestand."))
        # What the file declares (rows, columns, unpacked size) is checked here, before the
        # file is stored and read row by row in this request or a background task.
        try:
            check_table_upload(upload, filename=name, limits=LIMITS)
        except TableFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
