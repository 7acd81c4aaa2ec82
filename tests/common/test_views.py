import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_ok_without_login(client, settings):
    settings.REDIS_URL = ""

    response = client.get(reverse("common:sehat"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_an_unreachable_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(reverse("common:sehat"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["redis"]}


@pytest.mark.django_db
def test_health_reports_a_failing_database(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr("common.views.connection.cursor", broken_cursor)
    response = client.get(reverse("common:sehat"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["database"]}


@pytest.mark.django_db
def test_health_only_answers_get(client):
    assert client.post(reverse("common:sehat")).status_code == 405
