"""Periodic schedules of penilaian (installed on migrate, see common.schedules)."""

from common.schedules import PeriodicSchedule, register

register(
    PeriodicSchedule(
        name="penilaian.pengingat-periode",
        task="penilaian.tasks.pengingat_periode_task",
        crontab="0 7 * * *",  # https://crontab.guru/#0_7_*_*_*
        description="Remind pegawai and pejabat penilai who are late, in the days before a period ends.",
    )
)
register(
    PeriodicSchedule(
        name="penilaian.siklus-akhir-periode",
        task="penilaian.tasks.siklus_akhir_periode_task",
        crontab="30 0 * * *",  # https://crontab.guru/#30_0_*_*_*
        description="Start the evaluation cycle of every period that has ended.",
    )
)
