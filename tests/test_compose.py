"""The compose deployment cannot run here (no Docker), so its wiring is checked against the code:
every command names a real module, setting or management command, and every variable it passes is
one the settings actually read."""

import importlib
import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.core.management import get_commands
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]
# Read by Django/Celery themselves rather than through env.<type>() in the settings.
READ_BY_LIBRARIES = {"DJANGO_SETTINGS_MODULE"}
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
REQUIRED_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']\s*\)""")
INTERPOLATED = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")


def settings_source() -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / "config" / "settings").glob("*.py")))


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value
    return pairs


def commands_of(service: str) -> list[list[str]]:
    """The command lines a service runs (a `sh -c "a && b"` string becomes two)."""
    command = SERVICES[service]["command"]
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def import_target(target: str) -> object:
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def test_the_services_of_a_full_deployment_exist():
    assert set(SERVICES) == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert SERVICES["db"]["image"].startswith("postgres:15")
    assert SERVICES["redis"]["image"].startswith("redis:7")
    for name in APP_SERVICES:
        assert SERVICES[name]["build"] == "."
        assert SERVICES[name]["env_file"] == ".env"


@pytest.mark.parametrize("service", ["db", "redis", "web"])
def test_health_checks_exist(service):
    check = SERVICES[service]["healthcheck"]
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert check["interval"]
    assert check["retries"] >= 3


def test_db_and_redis_health_checks_ask_the_engines():
    assert "pg_isready" in SERVICES["db"]["healthcheck"]["test"][1]
    assert SERVICES["redis"]["healthcheck"]["test"][1:] == ["redis-cli", "ping"]


def test_web_health_check_calls_the_health_url():
    script = SERVICES["web"]["healthcheck"]["test"][-1]
    assert reverse("common:sehat") == "/sehat/"
    assert "http://127.0.0.1:8000/sehat/" in script
    compile(script, "healthcheck", "exec")  # valid Python


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_app_services_wait_for_the_migration_and_healthy_engines(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"


def test_migrate_runs_once():
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_management_commands_named_in_compose_exist():
    available = get_commands()
    named = [
        line[2] for service in APP_SERVICES for line in commands_of(service) if line[:2] == ["python", "manage.py"]
    ]
    assert named == ["migrate", "setup_periodic_tasks"]
    for command in named:
        assert command in available


def test_web_runs_gunicorn_on_the_wsgi_application():
    (line,) = commands_of("web")
    assert line[0] == "gunicorn"
    application = import_target(line[1])
    assert callable(application)
    assert "--bind=0.0.0.0:8000" in line


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_point_at_the_celery_app(service, subcommand):
    (line,) = commands_of(service)
    assert line[:3] == ["celery", "-A", "config.celery_app"]
    assert line[3] == subcommand
    module = import_target(line[2])
    assert isinstance(module.app, Celery)  # type: ignore[attr-defined]


def test_beat_uses_the_database_scheduler():
    (line,) = commands_of("beat")
    scheduler = next(arg.split("=", 1)[1] for arg in line if arg.startswith("--scheduler="))
    assert scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert isinstance(import_target(scheduler), type)


def test_settings_module_named_in_compose_exists():
    for service in APP_SERVICES:
        module = SERVICES[service]["environment"]["DJANGO_SETTINGS_MODULE"]
        assert module == "config.settings.production"
        assert importlib.util.find_spec(module) is not None


def test_every_variable_compose_passes_is_read_by_the_settings():
    read = set(ENV_READ.findall(settings_source())) | READ_BY_LIBRARIES
    for service in APP_SERVICES:
        unknown = set(SERVICES[service]["environment"]) - read
        assert not unknown, f"{service} sets variables no setting reads: {sorted(unknown)}"


def test_every_variable_in_the_env_example_is_used():
    read = set(ENV_READ.findall(settings_source())) | READ_BY_LIBRARIES
    interpolated = set(INTERPOLATED.findall((ROOT / "docker-compose.yml").read_text()))
    unused = set(env_example()) - read - interpolated
    assert not unused, f".env.example has variables nothing reads: {sorted(unused)}"


def test_every_required_production_variable_is_provided():
    required = set(REQUIRED_READ.findall((ROOT / "config" / "settings" / "production.py").read_text()))
    provided = set(SERVICES["web"]["environment"]) | set(env_example())
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= required
    assert required <= provided


def test_settings_parser_sees_every_kind_of_env_call():
    found = set(ENV_READ.findall(settings_source()))
    assert {"DJANGO_DEBUG", "DATABASE_URL", "CACHE_URL", "DJANGO_MEDIA_ROOT", "REDIS_URL"} <= found


def test_dockerfile_builds_a_non_root_image_with_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#")
    assert "FROM python:3.11-slim" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert "collectstatic" in dockerfile
    assert "scripts/compile_translations.py" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
    assert '"config.wsgi:application"' in dockerfile


def test_readme_documents_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()
    undocumented = {name for name in ENV_READ.findall(settings_source()) if f"`{name}`" not in readme}
    assert not undocumented, f"README.md does not document: {sorted(undocumented)}"
