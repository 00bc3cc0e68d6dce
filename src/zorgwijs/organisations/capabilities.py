"""The one table that maps roles to capabilities.

Every member is a medewerker and gets ``MEMBER_CAPABILITIES``. Apps add their capabilities
here, not in their views: a view names a capability, this table says who has it.
"""

from __future__ import annotations

from .models import Role

MEMBER_CAPABILITIES: frozenset[str] = frozenset(
    {
        "organisation.view",  # see the organisation's name, departments and functions
        "self.view",  # own profile, own data, "wie heeft mijn gegevens bekeken"
        "competences.view_own",  # my passport
        "competences.request_sign_off",  # ask an assessor to sign me off
        "projects.create",  # share a project of the organisation in the vindplaats
    }
)

# Capabilities that reach other people's personal data are limited to the departments a
# manager manages; the others (coordinator, admin) see the whole organisation.
DEPARTMENT_SCOPED: frozenset[str] = frozenset(
    {"people.view", "competences.view_team", "competences.roster"}
)

_TEAM = frozenset({"people.view", "competences.view_team", "competences.roster"})
_COMPETENCE_OFFICE = frozenset(
    {"competences.dashboard", "competences.manage", "competences.register"}
)

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.MANAGER: _TEAM,
    Role.COORDINATOR: _TEAM | _COMPETENCE_OFFICE | {"people.view_all", "competences.sign_off"},
    Role.ASSESSOR: frozenset({"competences.sign_off"}),
    Role.EDITOR: frozenset(),
    Role.ADMIN: _TEAM
    | _COMPETENCE_OFFICE
    | frozenset(
        {
            "people.view_all",
            "people.manage",
            "structure.manage",
            "roles.manage",
            "hr.import",
            "audit.view",
            "organisation.manage",
        }
    ),
}

# Roles whose holders must sign in with two factors when their organisation requires it
# (the default): they can see or change many people's data.
SENSITIVE_ROLES: frozenset[str] = frozenset({Role.MANAGER, Role.COORDINATOR, Role.ADMIN})

# Capabilities that need a session that was confirmed with a second factor (NEN 7513: the log
# of who saw what may only be read after two-factor sign-in).
MFA_CAPABILITIES: frozenset[str] = frozenset({"audit.view"})


def capabilities_for(roles: set[str]) -> frozenset[str]:
    caps = set(MEMBER_CAPABILITIES)
    for role in roles:
        caps |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(caps)
