from zorgwijs.competences.credentials.models import IssuedCredential, IssuerKey

from .catalogue import CompetenceItem, EvidenceKind, ItemKind, RiskProfile
from .imports import QualificationImport
from .profiles import IndividualRequirement, ProfileItem, RequirementLevel, RequirementProfile
from .records import (
    AuthorisedAssessor,
    CompetenceRecord,
    ComplianceSnapshot,
    PassportLine,
    RecordKind,
    SignOffRequest,
)
from .reminders import (
    ClaimState,
    DigestSent,
    ReminderPreference,
    ReminderSent,
    ReminderSettings,
)

__all__ = [
    "AuthorisedAssessor",
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
