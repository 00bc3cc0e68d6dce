"""Writes on organisations, for the admin screens, the API, the HR import and the demo.

One service per change, whoever asks: keyword-only, owns its transaction and records one
audit entry (kind "change"; with the caller's address when it passes an ``AuditContext`` as
``context``). A refusal is a Django ``ValidationError`` on the field it concerns and changes
nothing; forms show it with ``zorgwijs.lib.forms.apply_service_errors``, the API answers 400
(409 for the codes "unique" and "conflict"). Callers check the actor's capability; services
keep every referenced row inside the same organisation.
"""

from .networks import network_create
from .people import membership_add, membership_end, membership_update
from .roles import membership_roles_set, role_grant, role_revoke, role_set_departments
from .settings import organisation_sso_remove, organisation_sso_save, organisation_update
from .structure import (
    department_add,
    department_delete,
    department_relocate,
    department_update,
    job_function_add,
    job_function_update,
)
from .tree import department_create, department_move

__all__ = [
    "department_add",
    "department_create",
    "department_delete",
    "department_move",
    "department_relocate",
    "department_update",
    "job_function_add",
    "job_function_update",
    "membership_add",
    "membership_end",
    "membership_roles_set",
    "membership_update",
    "network_create",
    "organisation_sso_remove",
    "organisation_sso_save",
    "organisation_update",
    "role_grant",
    "role_revoke",
    "role_set_departments",
]
