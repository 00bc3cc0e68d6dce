from zorgwijs.competences.credentials.models import IssuedCredential, IssuerKey

from .catalogue import CompetenceItem, EvidenceKind, ItemKind, RiskProfile
from .profiles import IndividualRequirement, ProfileItem, RequirementLevel, RequirementProfile
from .records import (
    ComplianceSnapshot,
    CompetenceRecord,
    PassportLine,
    RecordKind,
    SignOffRequest,
)
from .imports import QualificationImport
from .reminders import (
    ClaimState,
    DigestSent,
    ReminderPreference,
    ReminderSent,
    ReminderSettings,
)

__all__ = [
    "ClaimState",
    "DigestSent",
    "QualificationImport",
    "ReminderPreference",
    "ReminderSent",
    "ReminderSettings",
    "CompetenceItem",
    "CompetenceRecord",
    "ComplianceSnapshot",
    "EvidenceKind",
    "IndividualRequirement",
    "IssuedCredential",
    "IssuerKey",
    "PassportLine",
    "ItemKind",
    "ProfileItem",
    "RecordKind",
    "RequirementLevel",
    "RequirementProfile",
    "RiskProfile",
    "SignOffRequest",
]
