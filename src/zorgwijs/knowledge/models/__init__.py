from .pages import Attachment, Page, PageRevision, Suggestion, SuggestionComment, SuggestionStatus
from .questions import Answer, AnswerVote, PostRevision, Question, QuestionComment
from .spaces import MembershipStatus, Space, SpaceKind, SpaceMembership, SpaceRole

__all__ = [
    "Answer",
    "AnswerVote",
    "Attachment",
    "MembershipStatus",
    "Page",
    "PageRevision",
    "PostRevision",
    "Question",
    "QuestionComment",
    "Space",
    "SpaceKind",
    "SpaceMembership",
    "SpaceRole",
    "Suggestion",
    "SuggestionComment",
    "SuggestionStatus",
]
