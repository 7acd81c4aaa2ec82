"""Production settings, checked in a fresh interpreter as a server would load them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "uji-" + "k3y-Acak-" * 8

pytestmark = pytest.mark.slow


def production_env(**overrides: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="karier.example.go.id",
        DATABASE_URL="postgres://asn_karier:rahasia@db:5432/asn_karier",
        REDIS_URL="redis://redis:6379/0",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(["-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"], env)


def test_production_settings_load_with_the_required_env():
    result = load_settings(production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_settings_refuse_to_start_without_a_required_value(missing):
    result = load_settings(production_env(**{missing: None}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize("secret", ["", "pendek", "django-insecure-" + "x" * 60])
def test_production_settings_refuse_a_weak_secret_key(secret):
    result = load_settings(production_env(DJANGO_SECRET_KEY=secret))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be a random value" in result.stderr


def test_production_settings_refuse_empty_allowed_hosts():
    result = load_settings(production_env(DJANGO_ALLOWED_HOSTS=""))

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must name at least one host" in result.stderr


def test_check_deploy_passes_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_security_is_switched_off():
    env = production_env(DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_HSTS_SECONDS="0")

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_wsgi_and_asgi_applications_load_with_production_settings():
    code = (
        "import config.wsgi, config.asgi; print(callable(config.wsgi.application), callable(config.asgi.application))"
    )
    env = production_env()
    env.pop("DJANGO_SETTINGS_MODULE")  # the entry points choose production themselves

    result = run(["-c", code], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True"
