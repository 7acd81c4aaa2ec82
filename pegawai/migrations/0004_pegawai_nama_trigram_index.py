"""Name search on PostgreSQL: a trigram index serves UPPER(nama) LIKE '%...%' (icontains).

Other databases have no trigram indexes; there the search scans, which is fine at their size."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # pegawai_list_for_user(q=...) → PegawaiFilter.filter_q → nama__icontains
    "CREATE INDEX IF NOT EXISTS pegawai_nama_trgm_idx ON pegawai_pegawai "
    "USING gin (UPPER(nama::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS pegawai_nama_trgm_idx"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0003_pegawai_list_index_by_name")]
    operations = [migrations.RunPython(create, drop)]
