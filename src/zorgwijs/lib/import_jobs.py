"""One mechanism for every import: upload → check (dry run) → apply (in the background) → history.

An import is a model derived from ``ImportJob`` (the uploaded file, status, per-row errors, a
message, who and when) and an ``ImportPipeline`` that knows its kind of file: ``plan`` reads and
checks the file against the data as it is now (changing nothing), ``store`` puts that dry run
on the job for its page, ``write`` applies it. The lifecycle is the same for every import:

- ``import_job_create`` stores the upload and checks it: within the request, or in a task for
  a file larger than the pipeline's inline limit. A pipeline with ``check_at_upload`` checks
  before anything is stored, so a file that cannot be read is refused at the form's file field
  (``ValidationError``) and nothing is kept.
- ``import_job_request_apply`` claims a checked job that has changes and no errors (a double
  click applies it once) and applies it now, or in a task for a large file.
- ``import_job_apply`` checks the stored file again, so what is written is checked against the
  data as it is at that moment. New errors: nothing is written and the job shows that check.
  Otherwise the pipeline writes everything or nothing in one transaction, with its audit entry,
  and the upload is deleted: it holds personal data, which now lives in Zorgwijs itself.
- Anything that goes wrong leaves the job ``failed`` with a message for the uploader; nothing
  is written.

The pages show a job with the shared partials in ``core/templates/core/import/``: the upload
form, the history, the progress while busy, the outcome, the figures of the dry run
(``ImportJob.figures``) and the errors per row.
"""

from __future__ import annotations

import logging
import uuid
from abc import ABC, abstractmethod
from typing import IO, TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from zorgwijs.audit.context import AuditContext

logger = logging.getLogger(__name__)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("In de wachtrij")
    CHECKING = "checking", gettext_lazy("Wordt gecontroleerd")
    CHECKED = "checked", gettext_lazy("Gecontroleerd")
    APPLY_QUEUED = "apply_queued", gettext_lazy("Wacht op verwerking")
    APPLYING = "applying", gettext_lazy("Wordt verwerkt")
    APPLIED = "applied", gettext_lazy("Verwerkt")
    FAILED = "failed", gettext_lazy("Mislukt")


BUSY = frozenset(
    {ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.APPLY_QUEUED, ImportStatus.APPLYING}
)


class ImportFileError(Exception):
    """The file cannot be read or checked at all; the message (Dutch) is for the uploader."""


def import_upload_path(job: ImportJob, filename: str) -> str:
    """``<UPLOAD_FOLDER>/<owner>/<random>-<name>``: each owner's uploads in a folder of its own."""
    return f"{job.UPLOAD_FOLDER}/{job.upload_owner()}/{uuid.uuid4().hex}-{filename}"


class ImportJob(models.Model):
    """One uploaded file of an import: its dry run, its progress and its outcome."""

    Status = ImportStatus
    UPLOAD_FOLDER: ClassVar[str] = "import"
    # The figures its pages show: (key of ``figure_counts``, label), e.g. (new, "nieuw").
    FIGURES: ClassVar[tuple[tuple[str, StrOrPromise], ...]] = ()

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("geüpload door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("verwerkt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(
        gettext_lazy("bestand"), upload_to=import_upload_path, max_length=300, blank=True
    )
    original_name = models.CharField(gettext_lazy("bestandsnaam"), max_length=255)
    status = models.CharField(
        gettext_lazy("status"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.QUEUED,
    )
    errors = models.JSONField(gettext_lazy("fouten per rij"), default=list, blank=True)
    message = models.TextField(gettext_lazy("melding"), blank=True)
    created_at = models.DateTimeField(gettext_lazy("geüpload op"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(gettext_lazy("verwerkt op"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def upload_owner(self) -> str:
        """The folder of the uploads of the job's owner: its organisation's id, or "platform"
        for the platform's imports; an import owned by something else (a network) names it."""
        return str(getattr(self, "organisation_id", None) or "platform")

    @property
    def is_busy(self) -> bool:
        return self.status in BUSY

    @property
    def can_apply(self) -> bool:
        """Checked, without errors, with something to change."""
        raise NotImplementedError

    def figure_counts(self) -> dict[str, int]:
        """The counts of the dry run (once applied: of what changed), keyed as ``FIGURES``."""
        raise NotImplementedError

    @property
    def figures(self) -> list[tuple[int, str]]:
        """(number, label) pairs for ``core/import/_figures.html``, the same on every import."""
        counts = self.figure_counts()
        return [(counts.get(key, 0), str(label)) for key, label in self.FIGURES]


J = TypeVar("J", bound=ImportJob)
P = TypeVar("P")


class ImportPipeline(ABC, Generic[J, P]):
    """What one kind of import does at each step (each import implements the four abstract
    methods); the steps themselves are below."""

    model: type[J]
    # Audit action recorded when a file is uploaded (the applied entry is ``write``'s).
    uploaded_action: str
    # Files up to this many bytes are checked and applied within the request.
    inline_setting: str
    inline_default: int
    # Check within the request before storing: an unreadable file is refused at its field.
    check_at_upload: bool = False
    default_name = "import.csv"
    # What a step loads with the job: its owner (an import without an organisation names its
    # own, e.g. a network) and who applies it.
    related: tuple[str, ...] = ("organisation", "applied_by")
    changed_message = gettext_lazy(
        "De gegevens zijn sinds de controle veranderd; bekijk de nieuwe controle."
    )

    @abstractmethod
    def plan(self, job: J, file: IO[bytes]) -> P:
        """Read and check the file against the data as it is now; changes nothing. Raises
        ``ImportFileError`` when the file cannot be read."""
        raise NotImplementedError

    @abstractmethod
    def store(self, job: J, plan: P) -> None:
        """Put the dry run on the job's fields (the caller saves)."""
        raise NotImplementedError

    @abstractmethod
    def has_errors(self, plan: P) -> bool:
        raise NotImplementedError

    @abstractmethod
    def write(self, job: J, plan: P) -> None:
        """Apply the plan as ``job.applied_by``, with its audit entry; runs in the transaction
        that marks the job applied. Raise to write nothing."""
        raise NotImplementedError

    def audit_data(self, job: J) -> dict[str, Any]:
        return {"file": job.original_name}

    def inline_limit(self) -> int:
        return int(getattr(settings, self.inline_setting, self.inline_default))

    @classmethod
    def path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"


# The steps ---------------------------------------------------------------------------------


def import_job_create(
    pipeline: ImportPipeline[J, P],
    *,
    actor: Any,
    upload: UploadedFile,
    context: AuditContext | None = None,
    **fields: Any,
) -> J:
    """Store the upload as a job of ``pipeline`` and check it (see the module docstring)."""
    name = get_valid_filename(upload.name or pipeline.default_name)[-200:]
    job = pipeline.model(created_by=actor, original_name=name, **fields)
    stored: File = upload
    if pipeline.check_at_upload:
        content = upload.read()
        stored = ContentFile(content)
        try:
            plan = pipeline.plan(job, ContentFile(content))
        except ImportFileError as error:
            raise ValidationError({"file": str(error)}) from None
        _put_plan(pipeline, job, plan, ImportStatus.CHECKED)
    from zorgwijs.audit.services import record  # audit's models import the organisations'

    with transaction.atomic():
        job.file.save(name, stored, save=False)
        job.save()
        record(
            pipeline.uploaded_action,
            kind="change",
            actor=actor,
            organisation=getattr(job, "organisation", None),
            obj=job,
            context=context,
            data=pipeline.audit_data(job),
        )
    if not pipeline.check_at_upload:
        _run(pipeline, import_job_check, job)
    return job


def import_job_request_apply(pipeline: ImportPipeline[J, P], *, actor: Any, job: J) -> bool:
    """Apply a checked job now or queue it; False when it is not (or no longer) ready for that.
    Claiming the job first means a double click or a second person applies it once."""
    if not job.can_apply:
        return False
    claimed = (
        type(job)
        ._base_manager.filter(pk=job.pk, status=ImportStatus.CHECKED)
        .update(status=ImportStatus.APPLY_QUEUED, applied_by=actor, updated_at=timezone.now())
    )
    if claimed:
        _run(pipeline, import_job_apply, job)
    return bool(claimed)


def import_job_check(pipeline: ImportPipeline[J, P], *, job_id: int) -> None:
    """The dry run of a stored file: plan against the data as it is now, store the outcome."""
    job = _load(pipeline, job_id)
    import_job_update(job, status=ImportStatus.CHECKING)
    try:
        plan = _plan_stored(pipeline, job)
    except ImportFileError as error:
        _fail(job, str(error))
        return
    except Exception:
        logger.exception("Import check %s %s failed", pipeline.path(), job_id)
        _fail(job, _("Het bestand kon niet worden gecontroleerd door een onverwachte fout."))
        return
    _put_plan(pipeline, job, plan, ImportStatus.CHECKED)
    job.save()


def import_job_apply(pipeline: ImportPipeline[J, P], *, job_id: int) -> None:
    """Check the stored file again and write it, all or nothing."""
    job = _load(pipeline, job_id)
    import_job_update(job, status=ImportStatus.APPLYING)
    try:
        with transaction.atomic():
            plan = _plan_stored(pipeline, job)
            if pipeline.has_errors(plan):
                job.applied_by = None
                _put_plan(pipeline, job, plan, ImportStatus.CHECKED, str(pipeline.changed_message))
                job.save()
                return
            pipeline.write(job, plan)
            _put_plan(pipeline, job, plan, ImportStatus.APPLIED)
            job.applied_at = timezone.now()
            job.save()
    except ImportFileError as error:
        _fail(job, str(error))
        return
    except Exception:
        logger.exception("Import apply %s %s failed", pipeline.path(), job_id)
        _fail(job, _("Het verwerken is mislukt; er is niets gewijzigd."))
        return
    _discard_file(job)


def import_job_update(job: ImportJob, **fields: Any) -> None:
    """Write ``fields`` on the job at once (progress, status), outside any transaction's view."""
    for name, value in fields.items():
        setattr(job, name, value)
    type(job)._base_manager.filter(pk=job.pk).update(updated_at=timezone.now(), **fields)


@task()
def import_job_check_task(pipeline: str, job_id: int) -> None:
    import_job_check(import_string(pipeline)(), job_id=job_id)


@task()
def import_job_apply_task(pipeline: str, job_id: int) -> None:
    import_job_apply(import_string(pipeline)(), job_id=job_id)


# Helpers -----------------------------------------------------------------------------------


def _run(pipeline: ImportPipeline[J, P], step: Any, job: J) -> None:
    if _stored_size(job) <= pipeline.inline_limit():
        step(pipeline, job_id=job.pk)
        return
    task = import_job_check_task if step is import_job_check else import_job_apply_task
    task.enqueue(pipeline.path(), job.pk)


def _load(pipeline: ImportPipeline[J, P], job_id: int) -> J:
    jobs = pipeline.model._base_manager.select_related(*pipeline.related)
    return jobs.get(pk=job_id)


def _put_plan(
    pipeline: ImportPipeline[J, P], job: J, plan: P, status: str, message: str = ""
) -> None:
    pipeline.store(job, plan)
    job.status, job.message = status, message


def _fail(job: ImportJob, message: str) -> None:
    import_job_update(job, status=ImportStatus.FAILED, message=message)


def _plan_stored(pipeline: ImportPipeline[J, P], job: J) -> P:
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise ImportFileError(
            _("Het bestand van deze import is er niet meer; upload het opnieuw.")
        ) from None
    with handle:
        return pipeline.plan(job, handle)


def _stored_size(job: ImportJob) -> int:
    """0 when the file is gone: the step then runs at once and says so."""
    try:
        return job.file.size
    except (FileNotFoundError, ValueError):
        return 0


def _discard_file(job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)
    import_job_update(job, file="")
