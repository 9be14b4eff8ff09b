"""Property-based fuzzing of the HTTP API from its own OpenAPI document (schemathesis).

The real server (`styrgraf serve` on a loopback port, over the ingested bundled corpus) is asked
what it offers (/openapi.json) and schemathesis generates requests for every operation, valid
and invalid ones, a bounded number per operation. Every answer must:

- not be a 5xx (`not_a_server_error`): bad input is the client's fault, never a crash;
- have a content type the document declares for that status (`content_type_conformance`);
- if it is a 4xx with a body, be RFC 9457 problem details: `application/problem+json` with
  `type`, `title`, `status` (equal to the HTTP status) and `detail` (`problem_details`).

Bounds: MAX_EXAMPLES per operation and a SPARQL timeout of a few seconds on the fuzzed server
(a generated query can in principle be expensive; the endpoint's own timeout then answers 503,
which `not_a_server_error` would report, so the few generated SPARQL texts that parse at all
must also stay cheap). The whole file runs in ~20 s on a quiet 2-core machine.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance

from graph.settings import Settings
from search_api.app import create_app
from search_api.core import Styrgraf
from tests.support.corpus import copy_corpus
from tests.support.server import LiveServer

MAX_EXAMPLES = 60  # per operation (~10 operations)
REQUEST_TIMEOUT = 20.0  # seconds; well above the fuzzed server's SPARQL timeout
PROBLEM = "application/problem+json"
PROBLEM_MEMBERS = ("type", "title", "status", "detail")
LIVE: dict[str, str] = {}  # the live server's base URL, set by the live_api fixture


@pytest.fixture(scope="module")
def live_api(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = copy_corpus(ingested_dir, tmp_path_factory.mktemp("fuzz") / "data")
    log = data_dir.parent / "serve.log"
    # A short SPARQL timeout: a generated query that happens to be valid and slow is stopped
    # quickly instead of holding a worker for the default 10 s.
    env = {"STYRGRAF_SPARQL_TIMEOUT": "3"}
    with LiveServer(data_dir, log, env=env) as live:
        LIVE["base_url"] = live.base_url
        yield live


def openapi_document() -> dict[str, Any]:
    """The app's OpenAPI document, made in-process at collection time (no store is read to
    make it). schemathesis' lazy `from_fixture` loader would fetch it from the live server
    instead, but it fails under pytest 9 (it reads the removed `Function._nodeid`)."""
    core = Styrgraf(Settings(data_dir=Path(tempfile.gettempdir()) / "styrgraf-fuzz-unused"))
    document: dict[str, Any] = create_app(core).openapi()
    return document


# A SPARQL query posted directly (SPARQL 1.1 Protocol) is plain text: send it as such.
schemathesis.serializer.alias("application/sparql-query", "text/plain")
OPENAPI = openapi_document()
schema = schemathesis.openapi.from_dict(OPENAPI)


def test_the_server_serves_the_fuzzed_document(live_api: LiveServer) -> None:
    served = httpx.get(live_api.base_url + "/openapi.json", timeout=30)
    assert served.status_code == 200
    assert served.json() == json.loads(json.dumps(OPENAPI))


def _header(response: Response, name: str) -> str:
    values = response.headers.get(name.lower(), [])
    return values[0] if values else ""


def problem_details(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every 4xx answer with a body is problem+json with type, title, status and detail."""
    status = response.status_code
    if not 400 <= status < 500 or case.method.upper() == "HEAD" or not response.content:
        return None
    media = _header(response, "content-type").split(";")[0].strip().lower()
    assert media == PROBLEM, f"{status} answered as {media!r}, not {PROBLEM}"
    body = json.loads(response.content)
    assert isinstance(body, dict), f"problem body is not an object: {body!r}"
    missing = [m for m in PROBLEM_MEMBERS if m not in body]
    assert not missing, f"problem body lacks {missing}: {body}"
    assert body["status"] == status, f"body status {body['status']} != HTTP {status}"
    for member in ("type", "title", "detail"):
        assert isinstance(body[member], str), f"{member} is not a string: {body}"
    return True


CHECKS = [not_a_server_error, content_type_conformance, problem_details]


@pytest.mark.usefixtures("live_api")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,  # latency is measured by the load tests, not here
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same cases on every run: a red build is reproducible
    database=None,
)
def test_api_answers_every_generated_request(case: Case[Any]) -> None:
    response = case.call(base_url=LIVE["base_url"], timeout=REQUEST_TIMEOUT)
    case.validate_response(response, checks=CHECKS)
