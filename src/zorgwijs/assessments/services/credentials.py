"""A passed knowledge test as an Open Badges credential (both forms, see docs/credentials.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.competences.credentials.issuing import (
    Award,
    Target,
    achievement_urn,
    learning_award_issue,
    shared_item_url,
)
from zorgwijs.competences.credentials.models import ASSESSMENT, IssuedCredential

from ..models import Attempt, AttemptState

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User


def attempt_award(attempt: Attempt) -> Award:
    """The test passed: the achievement is the test (for its competence item, or its learning
    module), the result the score against the pass mark of the attempt."""
    test = attempt.test
    organisation = attempt.organisation
    item = test.item
    subject = item.name if item is not None else _("module %(module)s") % {"module": test.module}
    passed_on = timezone.localdate(attempt.submitted_at or attempt.started_at)
    score = _("%(right)s van %(total)s vragen goed (%(percent)s%%; nodig: %(pass)s%%)") % {
        "right": attempt.correct_count,
        "total": attempt.question_count,
        "percent": attempt.percent,
        "pass": attempt.pass_percent,
    }
    return Award(
        achievement_id=achievement_urn(f"knowledge-test/{test.pk}"),
        achievement_type=ASSESSMENT,
        name=test.title,
        description=_("Kennistoets voor %(item)s.") % {"item": subject},
        criteria=_(
            "Geslaagd voor de kennistoets van %(org)s voor %(item)s: minstens %(pass)s%% goed."
        )
        % {"org": organisation.name, "item": subject, "pass": attempt.pass_percent},
        person_name=attempt.membership.user.full_name,
        valid_from=passed_on,
        evidence=((_("Kennistoets"), score),),
        score_percent=attempt.percent,
        pass_percent=attempt.pass_percent,
        targets=(Target(item.name, shared_item_url(item)),) if item is not None else (),
    )


@transaction.atomic
def attempt_credential(
    *, actor: User, attempt: Attempt, context: AuditContext | None = None
) -> IssuedCredential:
    """The learner's credential for his passed attempt: made once, then the same one again
    (unless revoked, when a new one is made)."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("test__item", "membership__user", "organisation")
        .get(pk=attempt.pk)
    )
    if attempt.state != AttemptState.PASSED:
        raise ValidationError(_("Alleen een gehaalde toets kan als bewijs worden gedeeld."))
    return learning_award_issue(
        actor=actor,
        organisation=attempt.organisation,
        person=attempt.membership.user,
        award=lambda: attempt_award(attempt),
        achieved={"attempt": attempt},
        item=attempt.test.item,
        action="assessments.credential.issued",
        data={"test": attempt.test.title, "attempt": attempt.pk},
        context=context,
    )
