from .blueprints import (
    Blueprint,
    BlueprintState,
    LearnBy,
    Level,
    Outcome,
    ProofKind,
    WorkProcess,
)
from .curricula import Curriculum, CurriculumOutcome, PriorKind, PriorLearning, PriorState
from .routes import (
    GUIDED_KINDS,
    NoteKind,
    Route,
    RouteState,
    RouteStep,
    RouteTemplate,
    StepKind,
    StepNote,
)

__all__ = [
    "GUIDED_KINDS",
    "Blueprint",
    "BlueprintState",
    "Curriculum",
    "CurriculumOutcome",
    "LearnBy",
    "Level",
    "NoteKind",
    "Outcome",
    "PriorKind",
    "PriorLearning",
    "PriorState",
    "ProofKind",
    "Route",
    "RouteState",
    "RouteStep",
    "RouteTemplate",
    "StepKind",
    "StepNote",
    "WorkProcess",
]
