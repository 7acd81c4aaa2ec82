"""Reference data: the 17 PNS golongan/ruang with their pangkat, and the 17 PPPK golongan."""

from django.db import migrations

PNS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]


def load(apps, schema_editor):
    Golongan = apps.get_model("pegawai", "Golongan")
    rows = [Golongan(jenis_asn="PNS", kode=k, pangkat=p, urutan=i) for i, (k, p) in enumerate(PNS, 1)]
    rows += [Golongan(jenis_asn="PPPK", kode=k, pangkat="", urutan=i) for i, k in enumerate(PPPK, 1)]
    for row in rows:
        Golongan.objects.update_or_create(
            jenis_asn=row.jenis_asn, kode=row.kode, defaults={"pangkat": row.pangkat, "urutan": row.urutan}
        )


def unload(apps, schema_editor):
    apps.get_model("pegawai", "Golongan").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
