"""Property-based fuzzing of every route from the OpenAPI schema (schemathesis): whatever a
client sends, the server answers without a 5xx. Bounded: a few dozen cases per operation."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from assistant.api import create_app
from assistant.api.deps import clear_retrievers
from assistant.config import Settings

pytestmark = pytest.mark.slow
EXAMPLES_PER_OPERATION = 40


def test_no_route_answers_with_a_server_error(tiny_index: Path) -> None:
    clear_retrievers()
    # schemathesis's ASGI client calls itself "testserver"; the host check has its own tests.
    app = create_app(Settings(data_dir=tiny_index, embedder="hash", writer="rules", allowed_hosts=["*"]))
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        fuzz()
