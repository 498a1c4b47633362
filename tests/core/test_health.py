def test_healthz_reports_database_and_broker_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True


def test_healthz_is_503_and_names_the_broker_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]


def test_healthz_is_503_and_names_the_database_when_it_fails(client, db, monkeypatch):
    from django.db import OperationalError

    class DownDatabase:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("database is down")

    monkeypatch.setattr("thidua.core.health.connection", DownDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
