import pytest

from tests.knic import helpers


@pytest.fixture
def make_talent(app):
    return helpers.make_talent


@pytest.fixture
def make_event(app):
    return helpers.make_event


@pytest.fixture
def make_matching(app):
    return helpers.make_matching


@pytest.fixture
def knic_staff(make_user):
    return make_user("staff", ["knic"])
