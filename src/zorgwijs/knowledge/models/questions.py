"""Questions and answers per space, optionally about a page or a linked device."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import Page
from .spaces import Space


class Moderated(models.Model):
    """What questions, answers and comments share: an edited marker and a soft hide.

    Nothing is deleted: an edit keeps the earlier text as a ``PostRevision``, and an editor
    who removes a post hides it with a reason (and an audit entry), so it can be shown again.
    """

    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    hidden_reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class QuestionQuerySet(models.QuerySet["Question"]):
    def visible_to(self, viewer) -> QuestionQuerySet:
        """Questions of the spaces ``viewer`` (``organisations.visibility.Viewer``) may read;
        hidden ones among them are for the space's editors (``selectors.visible_questions``)."""
        return self.filter(space__in=Space.objects.visible_to(viewer))


class Question(Moderated):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(
        Page,
        verbose_name=_("over pagina"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    competence_item = models.ForeignKey(
        "competences.CompetenceItem",
        verbose_name=_("over apparaat of handeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("vraag"), max_length=200)
    body = models.TextField(_("toelichting"), blank=True, max_length=10_000)
    body_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_answer = models.ForeignKey(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept by the services, so the unanswered queue and the lists need no COUNT per row.
    answer_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["space", "-created_at"], name="question_space_recent"),
            models.Index(fields=["space", "answer_count"], name="question_space_unanswered"),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(Moderated):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(_("antwoord"), max_length=20_000)
    body_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["-score", "created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} op {self.question}"


class AnswerVote(models.Model):
    """One vote per person per answer (+1 or -1)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="uniq_answer_vote"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 1]), name="vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.value:+d} op {self.answer_id}"


class QuestionComment(Moderated):
    """A short remark on a question or on one of its answers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.CharField(_("opmerking"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} over {self.question}"


class PostRevision(models.Model):
    """The text a question, answer or comment had before an edit (append-only).

    Three nullable foreign keys with an "exactly one" constraint instead of a generic
    relation, as ``Follow`` does: the history of a question is one indexed query.
    """

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        QuestionComment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The question the post belongs to, so one query lists the whole thread's history.
    thread = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="post_revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(question__isnull=False, answer__isnull=True, comment__isnull=True)
                    | models.Q(question__isnull=True, answer__isnull=False, comment__isnull=True)
                    | models.Q(question__isnull=True, answer__isnull=True, comment__isnull=False)
                ),
                name="post_revision_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.body[:40]} ({self.replaced_at:%Y-%m-%d})"
