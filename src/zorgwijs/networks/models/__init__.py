"""A network's own content: its home (profile, convenant, topics and actions), the people with
a role in it, and its events with sessions and registrations.

The network itself and its member organisations stay in ``organisations`` (``Network``,
``NetworkMembership``); everything here hangs off that model. None of it belongs to one
organisation, so nothing here has a ``ScopedManager`` — except a member organisation's ballot
in a prioritisation round (``priorities.py``), which is that organisation's own: who may read
what is decided by ``networks/access.py`` from the person's place in the network.
"""

from .contributions import (
    Contribution,
    ContributionKind,
    ContributionReaction,
    ContributionReview,
    ContributionStatus,
    MonthlyTheme,
    ReviewDecision,
)
from .events import (
    EVENT_VISIBILITY,
    Event,
    EventKind,
    ReactionStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionReaction,
)
from .imports import CalendarImport
from .network import (
    Action,
    ActionStatus,
    Convenant,
    FormerMember,
    NetworkProfile,
    NetworkRole,
    RoleKind,
    Signatory,
    Topic,
)
from .posters import Poster, PosterScore, PosterVote
from .priorities import (
    MAX_CHOICES,
    AgendaItem,
    BallotChoice,
    PriorityBallot,
    PriorityRound,
    RoundStatus,
)

__all__ = [
    "EVENT_VISIBILITY",
    "MAX_CHOICES",
    "AgendaItem",
    "BallotChoice",
    "PriorityBallot",
    "PriorityRound",
    "RoundStatus",
    "Contribution",
    "ContributionKind",
    "ContributionReaction",
    "ContributionReview",
    "ContributionStatus",
    "MonthlyTheme",
    "ReviewDecision",
    "Action",
    "ActionStatus",
    "CalendarImport",
    "Convenant",
    "Event",
    "EventKind",
    "NetworkProfile",
    "NetworkRole",
    "Poster",
    "PosterScore",
    "PosterVote",
    "ReactionStatus",
    "Registration",
    "RegistrationStatus",
    "RoleKind",
    "Session",
    "SessionReaction",
    "Signatory",
    "FormerMember",
    "Topic",
]
