"""The API tests' world: two tenants with partners (tests/api_support.py) and a
read-and-write token of the first; a test module may override either fixture."""

import pytest

from tests.api_support import build_api_world, make_token


@pytest.fixture
def orgs(app):
    return build_api_world()


@pytest.fixture
def token(orgs):
    return make_token(orgs.a.tenant)
