"""Request bodies shared by the API tests."""


def pegawai_payload(org, **extra):
    """A valid new PNS for POST /api/v1/pegawai/, placed in the persona organisation."""
    data = {
        "jenis_asn": "PNS",
        "nip": "199005172015031001",
        "nama": "Rahmat Hidayat",
        "jenis_kelamin": "L",
        "tanggal_lahir": "1990-05-17",
        "nik": "1271011705900001",
        "pendidikan_terakhir": "S1",
        "tmt_cpns": "2015-03-01",
        "golongan": "III/a",
        "tmt_golongan": "2015-03-01",
        "unit_kerja": org.seksi.pk,
        "jabatan": org.jabatan_pelaksana.pk,
        "tmt_jabatan": "2015-03-01",
    }
    data.update(extra)
    return data
