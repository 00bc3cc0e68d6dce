"""The one table that maps roles to capabilities.

Every member is a medewerker and gets ``MEMBER_CAPABILITIES``. Apps add their capabilities
here, not in their views: a view names a capability, this table says who has it. Code outside
this module and the role management (``services/roles.py``, ``selectors/admin.py``, the
demo) never names a role: it asks for a capability (``OrgAccess.can``, ``roles_with``,
``members_with_capability``); ``tests/organisations/test_guards.py`` holds to that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from .models import Role

if TYPE_CHECKING:
    from .models import Department, MembershipQuerySet

MEMBER_CAPABILITIES: frozenset[str] = frozenset(
    {
        "organisation.view",  # see the organisation's name, departments and functions
        "self.view",  # own profile, own data, "wie heeft mijn gegevens bekeken"
        "competences.view_own",  # my passport
        "competences.request_sign_off",  # ask an assessor to sign me off
        "incidents.report",  # report a critical situation (optionally anonymously), my reports
        "incidents.lessons",  # read the lessons learned from incidents
        "knowledge.view",  # the organisation's knowledge spaces (each space checks its own)
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
# Triage sees who made a named report: only the coordinator and the VIM committee, never an
# administrator or manager (reporting must feel safe). Trends hold counts only.
_INCIDENT_TRIAGE = frozenset({"incidents.triage", "incidents.trends"})

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.MANAGER: _TEAM,
    Role.COORDINATOR: _TEAM
    | _COMPETENCE_OFFICE
    | _INCIDENT_TRIAGE
    | {"people.view_all", "competences.sign_off"},
    Role.INCIDENT_COMMITTEE: _INCIDENT_TRIAGE,
    Role.ASSESSOR: frozenset({"competences.sign_off"}),
    # Editors and admins edit every knowledge space the organisation owns and create spaces.
    # They also import the organisation's practice collection into the vindplaats.
    Role.EDITOR: frozenset({"knowledge.edit", "knowledge.manage", "projects.import"}),
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
            "incidents.trends",
            "knowledge.edit",
            "knowledge.manage",
            "projects.import",
        }
    ),
}

# Training scenarios: every member may write a scenario for the organisation (trainers are
# ordinary members; the lifecycle's review by other organisations is the quality check).
MEMBER_CAPABILITIES = MEMBER_CAPABILITIES | {"scenarios.create"}
# The shared vocabulary: editors and administrators maintain the vocabulary of the networks
# their organisation belongs to (vocabulary/access.py).
for _role in (Role.EDITOR, Role.ADMIN):
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | {"vocabulary.edit"}
# The regional HR monitor (monitor app): the HR adviser enters and confirms the organisation's
# figures and reads the network's monitor; the organisation's administrator may do the same.
_MONITOR = frozenset({"monitor.submit", "monitor.view"})
ROLE_CAPABILITIES[Role.HR_ADVISER] = _MONITOR
ROLE_CAPABILITIES[Role.ADMIN] = ROLE_CAPABILITIES[Role.ADMIN] | _MONITOR

# Who is told, rather than who may open a screen. A manager receives the weekly digest of the
# expiring competences of their people and hears when one of them finishes a learning route;
# a failed knowledge test goes to the coordinators and the person's managers; reactions to an
# organisation's projects go to its editors (to its administrators, ``organisation.manage``,
# when it has none). Coordinators and administrators link projects to any of its needs.
for _role, _caps in (
    (
        Role.MANAGER,
        frozenset({"competences.digest", "learning.hear_completed", "assessments.hear_fails"}),
    ),
    (Role.COORDINATOR, frozenset({"assessments.hear_fails", "needs.link"})),
    (Role.EDITOR, frozenset({"projects.hear_reactions"})),
    (Role.ADMIN, frozenset({"needs.link"})),
):
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | _caps

# Roles whose holders must sign in with two factors when their organisation requires it
# (the default): they can see or change many people's data.
SENSITIVE_ROLES: frozenset[str] = frozenset(
    {Role.MANAGER, Role.COORDINATOR, Role.ADMIN, Role.INCIDENT_COMMITTEE}
)

# Capabilities that need a session that was confirmed with a second factor (NEN 7513: the log
# of who saw what may only be read after two-factor sign-in).
MFA_CAPABILITIES: frozenset[str] = frozenset({"audit.view"})


# Learning routes (the learning app). Every member follows their own route; a werkbegeleider
# guides the learners assigned to them; a praktijkopleider also follows the progress of all
# routes; the coordinator makes blueprints and routes; assessors decide on EVC evidence.
MEMBER_CAPABILITIES = MEMBER_CAPABILITIES | {"learning.view_own"}
_LEARNING_OFFICE = frozenset({"learning.manage", "learning.progress"})
for _role, _caps in (
    (Role.WORK_SUPERVISOR, frozenset({"learning.guide"})),
    (Role.PRACTICE_TRAINER, frozenset({"learning.guide", "learning.progress"})),
    (Role.COORDINATOR, _LEARNING_OFFICE | {"learning.guide", "learning.assess_prior"}),
    (Role.ADMIN, _LEARNING_OFFICE),
    (Role.ASSESSOR, frozenset({"learning.assess_prior"})),
):
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES.get(_role, frozenset()) | _caps


def capabilities_for(roles: set[str]) -> frozenset[str]:
    caps = set(MEMBER_CAPABILITIES)
    for role in roles:
        caps |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(caps)


def roles_with(capability: str) -> frozenset[str]:
    """The roles that give ``capability`` (every member's capabilities need no role)."""
    return frozenset(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)


def department_roles() -> frozenset[str]:
    """Roles given for departments (a manager's): they reach the people of the departments
    named with the role and below, while a role with ``people.view_all`` reaches everyone."""
    return frozenset(
        role
        for role, caps in ROLE_CAPABILITIES.items()
        if caps & DEPARTMENT_SCOPED and "people.view_all" not in caps
    )


def members_with_capability(capability: str) -> MembershipQuerySet:
    """Memberships one of whose roles gives ``capability``, in whichever organisations are in
    scope: filter by organisation and chain ``.active()`` as the caller needs."""
    return _holders(Q(roles__role__in=roles_with(capability)))


def members_with_capability_over(
    capability: str, department: Department | None
) -> MembershipQuerySet:
    """As ``members_with_capability``, only those whose role reaches the people of
    ``department``: a department role when it was given for ``department`` or a department
    above it, another role always. ``None`` (someone in no department): other roles only."""
    roles = roles_with(capability)
    reach = Q(roles__role__in=roles - department_roles())
    if department is not None:
        reach |= Q(
            roles__role__in=roles & department_roles(),
            roles__departments__path__in=_and_above(department),
        )
    return _holders(reach)


def _holders(condition: Q) -> MembershipQuerySet:
    # The role join can repeat a member; ids in a subquery keep the caller's query plain.
    from .models import Membership

    return Membership.objects.filter(pk__in=Membership.objects.filter(condition).values("pk"))


def _and_above(department: Department) -> list[str]:
    """The paths of ``department`` and the departments it lies in ("/1/", "/1/4/", …)."""
    ids = [part for part in department.path.split("/") if part]
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


# Assessments (assessments app): every member takes tests and signs their own practical
# assessments; assessors and coordinators fill in checklists; coordinators write tests and
# checklists, see results and map e-learning activities (so do admins, who keep the
# catalogue); an xAPI sender's token needs the coordinator or admin role.
MEMBER_CAPABILITIES = MEMBER_CAPABILITIES | {"assessments.take"}
ROLE_CAPABILITIES[Role.ASSESSOR] = ROLE_CAPABILITIES[Role.ASSESSOR] | {"assessments.assess"}
ROLE_CAPABILITIES[Role.COORDINATOR] = ROLE_CAPABILITIES[Role.COORDINATOR] | {
    "assessments.assess",
    "assessments.author",
    "assessments.xapi",
}
ROLE_CAPABILITIES[Role.ADMIN] = ROLE_CAPABILITIES[Role.ADMIN] | {
    "assessments.author",
    "assessments.xapi",
}


# Deciding together what knowledge is needed (networks app, prioritisation rounds): the
# organisation's administrator casts its one ballot per round in the networks it belongs to.
ROLE_CAPABILITIES[Role.ADMIN] = ROLE_CAPABILITIES[Role.ADMIN] | {"networks.prioritise"}
