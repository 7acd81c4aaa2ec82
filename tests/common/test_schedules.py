from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

from common import schedules
from common.schedules import OWNED_PREFIX, PeriodicSchedule

NIGHTLY = PeriodicSchedule(
    name="uji.backend-cleanup",
    task="celery.backend_cleanup",
    crontab="30 1 * * *",
    kwargs={"batas": 10},
    description="Nightly cleanup used by the test.",
)


@pytest.fixture
def declared() -> Iterator[Callable[[PeriodicSchedule], None]]:
    """Schedules registered by the test, removed again afterwards."""
    added: list[PeriodicSchedule] = []

    def add(schedule: PeriodicSchedule) -> None:
        schedules.register(schedule)
        added.append(schedule)

    yield add
    for schedule in added:
        schedules.unregister(schedule.name)


def run_command() -> str:
    out = StringIO()
    call_command("setup_periodic_tasks", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_installs_a_declared_schedule(declared):
    declared(NIGHTLY)

    output = run_command()

    task = PeriodicTask.objects.select_related("crontab").get(name=OWNED_PREFIX + "uji.backend-cleanup")
    assert task.task == "celery.backend_cleanup"
    assert task.enabled
    assert task.kwargs == '{"batas": 10}'
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "1", "*")
    assert str(task.crontab.timezone) == "Asia/Jakarta"
    assert "https://crontab.guru/#30_1_*_*_*" in task.description
    assert "created: uji.backend-cleanup" in output


@pytest.mark.django_db
def test_second_run_changes_nothing(declared):
    declared(NIGHTLY)
    run_command()
    task = PeriodicTask.objects.get(name=OWNED_PREFIX + "uji.backend-cleanup")
    last_change = PeriodicTasks.last_change()

    output = run_command()

    task.refresh_from_db()
    n = len(schedules.registered_schedules())
    assert n >= 1
    assert PeriodicTask.objects.filter(name__startswith=OWNED_PREFIX).count() == n
    assert CrontabSchedule.objects.filter(minute="30", hour="1").count() == 1
    assert PeriodicTasks.last_change() == last_change
    assert "unchanged: uji.backend-cleanup" in output
    assert f"{n} unchanged" in output


@pytest.mark.django_db
def test_changed_declaration_updates_the_row_in_place(declared):
    declared(NIGHTLY)
    run_command()
    before = PeriodicTask.objects.get(name=OWNED_PREFIX + "uji.backend-cleanup")
    before.enabled = False  # someone switched it off by hand; the code declaration wins
    before.save()
    schedules.unregister(NIGHTLY.name)
    declared(PeriodicSchedule(name=NIGHTLY.name, task=NIGHTLY.task, crontab="0 2 * * 1"))

    output = run_command()

    after = PeriodicTask.objects.select_related("crontab").get(name=OWNED_PREFIX + "uji.backend-cleanup")
    assert after.pk == before.pk
    assert after.enabled
    assert (after.crontab.minute, after.crontab.hour, after.crontab.day_of_week) == ("0", "2", "1")
    assert after.kwargs == "{}"
    assert "updated: uji.backend-cleanup" in output


@pytest.mark.django_db
def test_stale_owned_schedule_is_removed_but_hand_made_ones_stay(declared):
    declared(NIGHTLY)
    run_command()
    crontab = CrontabSchedule.objects.create(minute="0", hour="3")
    PeriodicTask.objects.create(name="dibuat manual di admin", task="celery.backend_cleanup", crontab=crontab)
    schedules.unregister(NIGHTLY.name)

    output = run_command()

    assert not PeriodicTask.objects.filter(name=NIGHTLY.stored_name).exists()
    assert PeriodicTask.objects.filter(name__startswith=OWNED_PREFIX).count() == len(schedules.registered_schedules())
    assert PeriodicTask.objects.filter(name="dibuat manual di admin").exists()
    assert "removed: uji.backend-cleanup" in output


@pytest.mark.django_db
def test_unknown_task_is_refused_before_anything_is_written(declared):
    declared(NIGHTLY)
    declared(PeriodicSchedule(name="uji.salah", task="pegawai.tasks.tidak_ada_task", crontab="0 0 * * *"))
    before = set(PeriodicTask.objects.values_list("name", "task"))

    with pytest.raises(ImproperlyConfigured, match=r"pegawai\.tasks\.tidak_ada_task"):
        run_command()

    assert set(PeriodicTask.objects.values_list("name", "task")) == before
    assert not PeriodicTask.objects.filter(name=NIGHTLY.stored_name).exists()


@pytest.mark.django_db
def test_migrate_installs_declared_schedules(declared, capsys):
    declared(NIGHTLY)

    call_command("migrate", verbosity=2, stdout=StringIO())

    assert PeriodicTask.objects.filter(name=OWNED_PREFIX + "uji.backend-cleanup").exists()
    assert "Periodic schedules: 1 created, 0 updated, 0 removed." in capsys.readouterr().out


def test_malformed_crontab_is_refused_at_declaration():
    with pytest.raises(ImproperlyConfigured, match="5 fields"):
        schedules.register(PeriodicSchedule(name="uji.rusak", task="celery.backend_cleanup", crontab="0 0 * *"))
    assert "uji.rusak" not in {s.name for s in schedules.registered_schedules()}


def test_same_name_with_another_definition_is_refused(declared):
    declared(NIGHTLY)
    schedules.register(NIGHTLY)  # the same declaration again (a module imported twice) is fine

    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        schedules.register(PeriodicSchedule(name=NIGHTLY.name, task=NIGHTLY.task, crontab="0 0 * * *"))
