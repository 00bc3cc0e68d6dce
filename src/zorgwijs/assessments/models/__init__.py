from .checklists import Checklist, ChecklistOutcome, Criterion, PracticalAssessment
from .knowledge import (
    Attempt,
    AttemptAnswer,
    AttemptGrant,
    AttemptState,
    KnowledgeTest,
    Question,
    QuestionKind,
    QuestionPool,
)
from .xapi import XapiActivity, XapiStatement

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "AttemptGrant",
    "AttemptState",
    "Checklist",
    "ChecklistOutcome",
    "Criterion",
    "KnowledgeTest",
    "PracticalAssessment",
    "Question",
    "QuestionKind",
    "QuestionPool",
    "XapiActivity",
    "XapiStatement",
]
