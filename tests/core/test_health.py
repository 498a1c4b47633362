from ..factories import UserFactory


def test_healthz_reports_up_and_tells_anonymous_callers_nothing_about_the_stack(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    body = response.content.decode().lower()
    for revealing in ("sqlite", "postgres", "redis", "in-process", "version", "127.0.0.1"):
        assert revealing not in body


def test_healthz_tells_an_administrator_which_database_and_broker_answer(client, db):
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True))
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["detail"] in {"sqlite", "postgresql"}
    assert body["broker"]["ok"] is True


def test_healthz_details_are_refused_to_an_ordinary_signed_in_user(client, db):
    client.force_login(UserFactory(username="lan"))
    assert client.get("/healthz").json() == {"status": "ok"}


def test_healthz_is_503_and_names_the_broker_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "failed": ["broker"]}
    assert "ConnectionError" not in response.content.decode()


def test_healthz_is_503_and_names_the_database_when_it_fails(client, db, monkeypatch):
    from django.db import OperationalError

    class DownDatabase:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("database is down")

    monkeypatch.setattr("thidua.core.health.connection", DownDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "failed": ["database"]}
