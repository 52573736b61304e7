"""The API rate limit: per token, per address without one, shared by every process."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import select

from hub_app import create_app
from hub_app.api import ratelimit
from hub_app.auth import services
from hub_app.auth.models import ApiRateCount
from hub_app.extensions import db
from tests.auth import workers
from tests.factories import ApiClient


@pytest.fixture
def limited(app):
    app.config.update(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    return app


def _token(user) -> str:
    token = services.create_token(None, user)
    db.session.commit()
    return token


def test_limit_counts_per_token(limited, client, make_user):
    first = ApiClient(client, _token(make_user("staff")))
    second = ApiClient(client, _token(make_user("staff")))
    statuses = [first.get("/api/v1/organizations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = first.get("/api/v1/organizations")
    assert refused.json == {
        "errors": {"_": ["短時間に操作が集中しました。しばらく待ってから再度お試しください。"]}
    }
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    ok = second.get("/api/v1/organizations")  # another token has its own count
    assert ok.status_code == 200 and ok.headers["X-RateLimit-Remaining"] == "2"


def test_requests_without_a_token_count_per_address(limited, client, make_user):
    for address, expected in (("192.0.2.1", [401, 401, 401, 429]), ("192.0.2.2", [401])):
        statuses = [
            client.get(
                "/api/v1/organizations",
                headers={"Authorization": "Bearer guess"},
                environ_base={"REMOTE_ADDR": address},
            ).status_code
            for _ in expected
        ]
        assert statuses == expected
    # a valid token from the blocked address is counted on its own
    token = ApiClient(client, _token(make_user("staff")))
    response = token.get("/api/v1/organizations", environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert response.status_code == 200


def test_refused_writes_count_too(limited, client, make_user):
    api = ApiClient(client, _token(make_user("viewer", [])))
    statuses = [api.post("/api/v1/organizations", json={}).status_code for _ in range(4)]
    assert statuses == [403, 403, 403, 429]


def test_health_stays_outside_the_limit(limited, client):
    assert {client.get("/api/v1/health").status_code for _ in range(5)} == {200}


def test_count_is_shared_between_processes_and_kept(limited, make_user, db_url):
    """Two worker processes call with one token, 5 times each, under a limit of 6: six
    answers pass in all; a new app (a restart) still sees the count."""
    token = _token(make_user("staff"))
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.starmap(workers.call_api, [(db_url, token, 5, "6 per minute")] * 2)
    statuses = results[0] + results[1]
    assert statuses.count(200) == 6 and statuses.count(429) == 4
    assert workers.call_api(db_url, token, 1, "6 per minute") == [429]


def test_old_windows_are_dropped(limited, client, make_user):
    db.session.add(ApiRateCount(bucket="token:999", window_start=1, hits=5))
    db.session.commit()
    ApiClient(client, _token(make_user("staff"))).get("/api/v1/organizations")
    assert db.session.scalars(select(ApiRateCount.bucket)).all() == ["token:1"]


def test_limit_setting_is_parsed():
    assert ratelimit.parse("600 per minute") == (600, 60)
    assert ratelimit.parse("10/second") == (10, 1)
    assert ratelimit.parse("5 per hours") == (5, 3600)
    with pytest.raises(ValueError):
        ratelimit.parse("many")


def test_health_says_whether_the_database_answers(client, tmp_path):
    assert client.get("/api/v1/health").json == {"status": "ok", "database": "ok"}
    unreachable = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none"
            "?connect_timeout=2",
        }
    )
    response = unreachable.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unavailable"}
