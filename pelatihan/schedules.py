"""Periodic schedules of pelatihan (installed on migrate, see common.schedules)."""

from common.schedules import PeriodicSchedule, register

register(
    PeriodicSchedule(
        name="pelatihan.pengingat-jp",
        task="pelatihan.tasks.jp.jp_pengingat_task",
        crontab="0 8 * * *",  # https://crontab.guru/#0_8_*_*_*
        description="Remind pegawai below the yearly JP minimum and their atasan on the 1st of the policy months.",
    )
)
