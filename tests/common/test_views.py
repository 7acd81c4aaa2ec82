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


def _kirim(user, **kw):
    from common.services import Pesan, notifikasi_kirim

    notifikasi_kirim(pesan=[Pesan(user_id=user.pk, **kw)])


def test_notifikasi_page_badge_and_mark_read(org, client_as):
    from common.models import Notifikasi

    _kirim(org.pegawai.user, judul="SKP Anda disetujui", tautan="/penilaian/", kunci="a")
    _kirim(org.pegawai.user, judul="Isi realisasi triwulan", kunci="b")
    _kirim(org.bkd, judul="Bukan untuk pegawai", kunci="c")
    client = client_as("pegawai")
    page = client.get(reverse("common:notifikasi"))
    html = page.content.decode()
    assert "SKP Anda disetujui" in html
    assert "Isi realisasi triwulan" in html
    assert "Bukan untuk pegawai" not in html
    assert 'data-testid="notifikasi-baru">2' in html
    mine = Notifikasi.objects.get(judul="SKP Anda disetujui")
    follow = client.post(reverse("common:notifikasi"), {"id": mine.pk})
    assert follow.status_code == 302
    assert follow["Location"] == "/penilaian/"
    mine.refresh_from_db()
    assert mine.dibaca_pada is not None
    # someone else's notification is not there
    other = Notifikasi.objects.get(judul="Bukan untuk pegawai")
    assert client.post(reverse("common:notifikasi"), {"id": other.pk}).status_code == 404
    assert client.post(reverse("common:notifikasi")).status_code == 302
    assert not Notifikasi.objects.filter(user=org.pegawai.user, dibaca_pada__isnull=True).exists()
    assert 'data-testid="notifikasi-baru"' not in client.get(reverse("common:notifikasi")).content.decode()


def test_notifikasi_link_to_another_host_is_not_followed(org, client_as):
    from common.models import Notifikasi

    _kirim(org.pegawai.user, judul="Tautan luar", tautan="https://contoh.invalid/x")
    n = Notifikasi.objects.get(judul="Tautan luar")
    r = client_as("pegawai").post(reverse("common:notifikasi"), {"id": n.pk})
    assert r["Location"] == reverse("common:notifikasi")


def test_notifikasi_needs_login(client, db):
    r = client.get(reverse("common:notifikasi"))
    assert r.status_code == 302
    assert "/masuk/" in r["Location"]
