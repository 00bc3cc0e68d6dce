from .catalogue import CompetenceItem, EvidenceKind, ItemKind, RiskProfile
from .profiles import IndividualRequirement, ProfileItem, RequirementLevel, RequirementProfile
from .records import (
    ComplianceSnapshot,
    CompetenceRecord,
    PassportLine,
    RecordKind,
    SignOffRequest,
)

__all__ = [
    "CompetenceItem",
    "CompetenceRecord",
    "ComplianceSnapshot",
    "EvidenceKind",
    "IndividualRequirement",
    "PassportLine",
    "ItemKind",
    "ProfileItem",
    "RecordKind",
    "RequirementLevel",
    "RequirementProfile",
    "RiskProfile",
    "SignOffRequest",
]
