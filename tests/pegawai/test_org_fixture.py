"""The persona organisation is what the conftest says it is: derived atasan and paths."""

from pegawai.models import Pegawai


def test_atasan_derives_from_jabatan_tree(org):
    assert org.pegawai.atasan == org.atasan
    assert org.rekan.atasan == org.atasan
    assert org.atasan.atasan == org.kepala_bidang
    assert org.kepala_bidang.atasan == org.kepala_dinas
    assert org.kepala_dinas.atasan is None
    assert org.unrelated.atasan == org.kepala_puskesmas
    assert org.kepala_puskesmas.atasan == org.kepala_dinas


def test_paths_reflect_the_tree(org):
    assert org.seksi.path == f"{org.dinas.pk}/{org.bidang.pk}/{org.seksi.pk}/"
    assert org.seksi.depth == 2
    assert org.jabatan_pelaksana.path.startswith(org.jabatan_kasi.path)


def test_every_pegawai_has_a_login_named_after_the_nip(org):
    for p in Pegawai.objects.select_related("user"):
        assert p.user.username == p.nip
        assert p.user.check_password("rahasia-uji")
