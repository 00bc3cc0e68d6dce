"""Property-based run of every API operation against the running app (schemathesis).

An admin's token calls each operation with generated parameters and bodies, fitting the
schema and not. Every answer must be a documented status code (never a 5xx) with a body that
matches the OpenAPI schema, and a request that violates the schema must be refused (4xx).
Half of the cases use the real organisation and real ids, so they get past the 404 of an
unknown organisation or row and reach the code behind it.
"""

from __future__ import annotations

import copy

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from zorgwijs.api.main import api

from .conftest import make_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES_PER_OPERATION = 25

# The document /api/v1/openapi.json serves, made once: fetching and parsing it again for every
# operation cost more than some operations' checks, and timed out on a busy machine.
SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path) for path, methods in SCHEMA["paths"].items() for method in methods
]


def _real_path_parameters(world) -> dict[str, object]:
    return {
        "org_slug": world.org_a.slug,
        "membership_id": world.employee_a.pk,
        "department_id": world.cathlab.pk,
        "function_id": world.employee_a.job_function_id,
    }


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_answers_within_its_schema(method, path, transactional_db, live_server, world):
    headers = {"Authorization": f"Bearer {make_token(world.admin_a.user)}"}
    schema = schemathesis.openapi.from_dict(copy.deepcopy(SCHEMA))
    schema.config.update(base_url=live_server.url)
    operation = schema[path][method]
    real = {
        name: value
        for name, value in _real_path_parameters(world).items()
        if "{" + name + "}" in path
    }
    strategies = [
        operation.as_strategy(generation_mode=mode, path_parameters=params)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for params in ([None, real] if real else [None])
    ]

    @given(case=st.one_of(*strategies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
