"""The OpenAPI schema: valid, served with its documentation pages, and true.

"True" is checked by schemathesis: it generates requests from the schema for every GET
endpoint (anonymously) and every write endpoint (with an administrator's token), and fails on
any 5xx, any status code, content type or header the schema does not document, and any
response body that does not match the documented schema. The number of examples is bounded
and the generation derandomized, so the run is repeatable and takes about a minute.
"""

import json
import os
import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from registry.choices import State
from tests.api_support import API, api_settings, user_with_role  # noqa: F401
from tests.factories import ActorFactory, MonumentFactory, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
#: Examples per operation and generation mode. A deeper, random run:
#: API_FUZZ_EXAMPLES=300 API_FUZZ_RANDOM=1 pytest tests/test_api_schema.py
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
DERANDOMIZE = not os.environ.get("API_FUZZ_RANDOM")


def test_the_openapi_schema_is_valid_openapi_3(client):
    response = client.get(API + "schema/?format=json")
    assert response.status_code == 200
    validate(json.loads(response.content))


def test_the_schema_documents_every_filter_with_a_type_and_an_example(client):
    spec = json.loads(client.get(API + "schema/?format=json").content)
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/monuments/"]["get"]["parameters"]}
    from registry.filters import MonumentFilterSet

    for name in MonumentFilterSet.base_filters:
        assert "type" in parameters[name]["schema"], name
        assert parameters[name].get("examples"), name
        assert parameters[name].get("description"), name


@pytest.mark.parametrize("page", ["docs/", "redoc/"])
def test_the_documentation_pages_load_their_assets_from_the_app_not_a_cdn(client, page):
    response = client.get(API + page)
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references
    for reference in references:
        assert not reference.startswith(("http:", "https:", "//")), reference
        if reference.startswith("/static/"):
            assert finders.find(reference.removeprefix("/static/")), reference


def test_redoc_may_load_nothing_from_other_origins(client):
    policy = client.get(API + "redoc/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:" in policy


def test_swagger_ui_gets_its_start_script_from_the_app(client):
    response = client.get(API + "docs/?script=")
    assert response.status_code == 200
    assert "/api/v1/schema/" in response.content.decode()


# -- schemathesis -----------------------------------------------------------------------------

@pytest.fixture
def wsgi_app(api_settings):  # noqa: F811
    """The project as a WSGI app inside the test's transaction.

    Django closes the database connection at the end of each request; that would end the test
    transaction, so (as Django's own test client does) the handler is kept from doing it.
    """
    rest = api_settings.REST_FRAMEWORK
    api_settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def records() -> dict[str, object]:
    """Records for the requests to find (published, draft, with and without coordinates), and
    the path parameters that name existing ones."""
    kprf = ActorFactory(slug="kprf", name_en="KPRF")
    published = MonumentFactory(sponsor=kprf, latitude=59.22, longitude=39.89,
                                installed="2019-05-09")
    MonumentFactory(installed="2015")
    MonumentFactory(state=State.DRAFT)
    SourceFactory()
    return {"public_id": published.public_id, "slug": kprf.slug, "code": "RU-VLG",
            "id": published.citations.get().source_id}


def _operations() -> list:
    """The API's operations, read from the schema the app serves (built without a request)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    spec = json.loads(OpenApiJsonRenderer().render(
        SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(spec)
    return [result.ok() for result in loaded.get_all_operations()]


OPERATIONS = _operations()
READS = [operation for operation in OPERATIONS if operation.method.upper() == "GET"]
WRITES = [operation for operation in OPERATIONS if operation.method.upper() != "GET"]


def _fuzz(operation, mode, app, records, headers=None) -> None:
    """Generated requests to one operation: half with generated path parameters, half naming
    an existing record (so details and writes are reached, not only their 404s)."""
    names = {parameter.name for parameter in operation.path_parameters}
    strategy = operation.as_strategy(generation_mode=mode)
    if names:
        existing = {name: value for name, value in records.items() if name in names}
        strategy = strategy | operation.as_strategy(generation_mode=mode,
                                                    path_parameters=existing)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
@pytest.mark.parametrize("operation", READS, ids=[operation.label for operation in READS])
def test_no_get_endpoint_answers_5xx_or_breaks_its_schema(operation, mode, wsgi_app, records):
    _fuzz(operation, mode, wsgi_app, records)


@pytest.fixture
def admin_token_headers():
    token = Token.objects.create(user=user_with_role("administrator", "fuzzing-admin"))
    return {"Authorization": f"Token {token.key}"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
@pytest.mark.parametrize("operation", WRITES, ids=[operation.label for operation in WRITES])
def test_no_write_endpoint_answers_5xx_or_breaks_its_schema(operation, mode, wsgi_app, records,
                                                            admin_token_headers):
    _fuzz(operation, mode, wsgi_app, records, admin_token_headers)


def test_the_schema_is_generated_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file",
                 str(tmp_path / "schema.yaml"))
