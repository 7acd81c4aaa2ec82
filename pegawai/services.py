"""Writes. Each service validates, runs in a transaction, audits, and returns the object."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Case, DateField, F, Value, When
from django.db.models.functions import Concat, Greatest, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.policies import Kebijakan
from common.services import audit_record, model_update, snapshot

from .models import (
    Golongan,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatCLTN,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)
from .rules import identitas_errors

# ---------------------------------------------------------------------------------------------
# Instansi and policies


@transaction.atomic
def instansi_create(*, nama: str, kode: str, kebijakan: dict[str, Any] | None = None) -> Instansi:
    Kebijakan.from_dict(kebijakan)  # validates
    obj = Instansi(nama=nama, kode=kode, kebijakan_data=kebijakan or {})
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def instansi_kebijakan_update(*, actor: User, instansi: Instansi, data: dict[str, Any]) -> Instansi:
    merged = {**instansi.kebijakan_data, **data}
    Kebijakan.from_dict(merged)  # raises ValidationError naming the field
    model_update(
        instance=instansi,
        fields=["kebijakan_data"],
        data={"kebijakan_data": merged},
        actor=actor,
        instansi_id=instansi.pk,
        ringkasan=_("Kebijakan instansi diubah"),
    )
    return instansi


# ---------------------------------------------------------------------------------------------
# Unit kerja (a tree with a materialised path)


def _check_same_instansi(instansi: Instansi, **objs: Any) -> None:
    errors = {
        name: _("%(nama)s bukan milik instansi ini.") % {"nama": name}
        for name, obj in objs.items()
        if obj is not None and obj.instansi_id != instansi.pk
    }
    if errors:
        raise ValidationError(errors)


def _check_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _clean(obj: Any, errors: dict[str, str]) -> None:
    """Raise every error at once: the model's field checks (types, choices, lengths, unique fields)
    and the domain checks in ``errors``, each under its field. Constraints spanning several columns
    are checked by the services themselves, so that their message names the field."""
    found: dict[str, list[str]] = {}
    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as e:
        found.update(e.message_dict)
    for name, message in errors.items():
        found.setdefault(name, []).append(message)
    if found:
        raise ValidationError(found)


def _unit_kerja_errors(unit: UnitKerja) -> dict[str, str]:
    taken = UnitKerja.objects.filter(instansi_id=unit.instansi_id, kode=unit.kode).exclude(pk=unit.pk)
    if unit.kode and taken.exists():
        return {"kode": _("Kode unit kerja %(kode)s sudah dipakai di instansi ini.") % {"kode": unit.kode}}
    return {}


@transaction.atomic
def unit_kerja_create(
    *,
    actor: User | None,
    instansi: Instansi,
    nama: str,
    kode: str,
    jenis: str,
    parent: UnitKerja | None = None,
    is_unit_layanan: bool = False,
) -> UnitKerja:
    _check_same_instansi(instansi, parent=parent)
    if parent is not None:
        parent.refresh_from_db(fields=["path", "depth"])  # a stale object must not misplace the unit
    unit = UnitKerja(
        instansi=instansi,
        parent=parent,
        nama=nama,
        kode=kode,
        jenis=jenis,
        is_unit_layanan=is_unit_layanan,
    )
    _clean(unit, _unit_kerja_errors(unit))
    unit.save()
    unit.path = f"{parent.path if parent else ''}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        subject=unit,
        aksi=AuditLog.Aksi.CREATE,
        perubahan=snapshot(unit, ["nama", "kode", "jenis", "parent", "is_unit_layanan"]),
        ringkasan=_("Unit kerja %(nama)s dibuat") % {"nama": unit.nama},
        instansi_id=instansi.pk,
    )
    return unit


@transaction.atomic
def unit_kerja_update(*, actor: User, unit: UnitKerja, data: dict[str, Any]) -> UnitKerja:
    parent = data.get("parent", unit.parent)
    _check_same_instansi(unit.instansi, parent=parent)
    # paths come from the database: objects handed in may predate an earlier move
    unit.refresh_from_db(fields=["path", "depth"])
    if parent is not None:
        parent.refresh_from_db(fields=["path", "depth"])
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("Unit induk tidak boleh unit ini sendiri atau bawahannya.")})
    if "kode" in data:
        _check_errors(_unit_kerja_errors(UnitKerja(pk=unit.pk, instansi_id=unit.instansi_id, kode=data["kode"])))
    old_path, old_depth = unit.path, unit.depth
    model_update(
        instance=unit,
        fields=["nama", "kode", "jenis", "parent", "is_unit_layanan"],
        data=data,
        actor=actor,
        instansi_id=unit.instansi_id,
        ringkasan=_("Unit kerja %(nama)s diubah") % {"nama": unit.nama},
    )
    new_path = f"{parent.path if parent else ''}{unit.pk}/"
    if new_path != old_path:
        shift = (parent.depth + 1 if parent else 0) - old_depth
        # one UPDATE moves the whole subtree
        UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + shift,
        )
        unit.refresh_from_db(fields=["path", "depth"])
    return unit


# ---------------------------------------------------------------------------------------------
# Jabatan


JABATAN_FIELDS = [
    "unit_kerja",
    "nama",
    "jenis",
    "jenjang",
    "eselon",
    "atasan",
    "is_kepala_unit",
    "kebutuhan",
    "pendidikan_minimal",
    "golongan_minimal",
    "golongan_maksimal",
]


def _jabatan_validate(jabatan: Jabatan) -> None:
    errors: dict[str, str] = {}
    fungsional = jabatan.jenis in (Jabatan.Jenis.FUNGSIONAL_KEAHLIAN, Jabatan.Jenis.FUNGSIONAL_KETERAMPILAN)
    if fungsional and not jabatan.jenjang:
        errors["jenjang"] = _("Jabatan fungsional wajib memiliki jenjang.")
    if (
        jabatan.jenis == Jabatan.Jenis.FUNGSIONAL_KEAHLIAN
        and jabatan.jenjang
        and (jabatan.jenjang not in Jabatan.JENJANG_KEAHLIAN)
    ):
        errors["jenjang"] = _("Jenjang fungsional keahlian: Ahli Pertama, Muda, Madya, atau Utama.")
    if (
        jabatan.jenis == Jabatan.Jenis.FUNGSIONAL_KETERAMPILAN
        and jabatan.jenjang
        and (jabatan.jenjang not in Jabatan.JENJANG_KETERAMPILAN)
    ):
        errors["jenjang"] = _("Jenjang fungsional keterampilan: Pemula, Terampil, Mahir, atau Penyelia.")
    if not fungsional and jabatan.jenjang:
        errors["jenjang"] = _("Jenjang hanya untuk jabatan fungsional.")
    gmin, gmax = jabatan.golongan_minimal, jabatan.golongan_maksimal
    if gmin and gmax and gmin.urutan > gmax.urutan:
        errors["golongan_maksimal"] = _("Golongan maksimal harus sama atau di atas golongan minimal.")
    if isinstance(jabatan.kebutuhan, int) and jabatan.kebutuhan < 1:
        errors["kebutuhan"] = _("Kebutuhan (formasi) paling sedikit 1.")
    if (
        jabatan.is_kepala_unit
        and Jabatan.objects.filter(unit_kerja_id=jabatan.unit_kerja_id, is_kepala_unit=True)
        .exclude(pk=jabatan.pk)
        .exists()
    ):
        errors["is_kepala_unit"] = _("Unit kerja ini sudah memiliki jabatan kepala.")
    if jabatan.pk and jabatan.atasan_id:
        # stored paths, not those of the objects handed in (they may predate a move)
        paths = dict(Jabatan.objects.filter(pk__in=[jabatan.pk, jabatan.atasan_id]).values_list("id", "path"))
        if paths[jabatan.atasan_id].startswith(paths[jabatan.pk]):
            errors["atasan"] = _("Jabatan atasan tidak boleh jabatan ini sendiri atau bawahannya.")
    _clean(jabatan, errors)


@transaction.atomic
def jabatan_create(
    *,
    actor: User | None,
    instansi: Instansi,
    unit_kerja: UnitKerja,
    nama: str,
    jenis: str,
    jenjang: str = "",
    eselon: str = "",
    atasan: Jabatan | None = None,
    is_kepala_unit: bool = False,
    kebutuhan: int = 1,
    pendidikan_minimal: str = "",
    golongan_minimal: Golongan | None = None,
    golongan_maksimal: Golongan | None = None,
) -> Jabatan:
    """A new jabatan. Nobody holds it or reports to it yet, so no atasan changes."""
    _check_same_instansi(instansi, unit_kerja=unit_kerja, atasan=atasan)
    jabatan = Jabatan(
        instansi=instansi,
        unit_kerja=unit_kerja,
        nama=nama,
        jenis=jenis,
        jenjang=jenjang,
        eselon=eselon,
        atasan=atasan,
        is_kepala_unit=is_kepala_unit,
        kebutuhan=kebutuhan,
        pendidikan_minimal=pendidikan_minimal,
        golongan_minimal=golongan_minimal,
        golongan_maksimal=golongan_maksimal,
    )
    _jabatan_validate(jabatan)
    jabatan.save()
    if atasan is not None:
        atasan.refresh_from_db(fields=["path"])
    jabatan.path = f"{atasan.path if atasan else ''}{jabatan.pk}/"
    jabatan.save(update_fields=["path"])
    audit_record(
        actor=actor,
        subject=jabatan,
        aksi=AuditLog.Aksi.CREATE,
        perubahan=snapshot(jabatan, JABATAN_FIELDS),
        ringkasan=_("Jabatan %(nama)s dibuat") % {"nama": jabatan.nama},
        instansi_id=instansi.pk,
    )
    return jabatan


@transaction.atomic
def jabatan_update(*, actor: User, jabatan: Jabatan, data: dict[str, Any]) -> Jabatan:
    _check_same_instansi(jabatan.instansi, unit_kerja=data.get("unit_kerja"), atasan=data.get("atasan"))
    for name in JABATAN_FIELDS:
        if name in data:
            setattr(jabatan, name, data[name])
    try:
        _jabatan_validate(jabatan)
    finally:
        # model_update compares against the stored values; a refused change leaves no trace
        jabatan.refresh_from_db(fields=[*JABATAN_FIELDS, "path"])
    old_path = jabatan.path
    jabatan, changed = model_update(
        instance=jabatan,
        fields=JABATAN_FIELDS,
        data=data,
        actor=actor,
        instansi_id=jabatan.instansi_id,
        ringkasan=_("Jabatan %(nama)s diubah") % {"nama": jabatan.nama},
    )
    if not changed:
        return jabatan
    atasan = jabatan.atasan
    if atasan is not None:
        atasan.refresh_from_db(fields=["path"])
    new_path = f"{atasan.path if atasan else ''}{jabatan.pk}/"
    if new_path != old_path:
        Jabatan.objects.filter(instansi_id=jabatan.instansi_id, path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
        jabatan.refresh_from_db(fields=["path"])
    atasan_recompute(instansi_id=jabatan.instansi_id)
    return jabatan


# ---------------------------------------------------------------------------------------------
# Atasan langsung / pejabat penilai, derived from the jabatan tree


def atasan_langsung_map(*, parent_of: dict[int, int | None], rows: list[tuple[Any, ...]]) -> dict[int, int | None]:
    """Pure: pegawai id → atasan langsung for every row of one instansi, each row starting with
    (id, jabatan_id, atasan_override_id, status, tmt_jabatan); ``parent_of`` maps each jabatan to
    its superior. The explicit override if set, otherwise the holder of the nearest occupied
    superior jabatan; the longest-serving active holder (earliest TMT, then id) leads when a
    jabatan has several."""
    aktif, akhir = Pegawai.Status.AKTIF, datetime.date.max
    lead: dict[int, tuple[datetime.date, int]] = {}
    for r in rows:
        jabatan_id = r[1]
        if jabatan_id and r[3] == aktif:
            key = (r[4] or akhir, r[0])
            best = lead.get(jabatan_id)
            if best is None or key < best:
                lead[jabatan_id] = key
    holder = {jabatan_id: pk for jabatan_id, (_tmt, pk) in lead.items()}

    def walk(jabatan_id: int, pk: int | None) -> int | None:
        """The holder of the nearest occupied superior jabatan other than ``pk`` (64 levels at
        most, so a cycle forced into the database cannot hang)."""
        up = parent_of.get(jabatan_id)
        seen = 0
        while up is not None and seen < 64:
            h = holder.get(up)
            if h is not None and h != pk:
                return h
            up = parent_of.get(up)
            seen += 1
        return None

    # the nearest holder above each jabatan, walked once per jabatan (not once per pegawai)
    above: dict[int, int | None] = {}
    result: dict[int, int | None] = {}
    for r in rows:
        pk, jabatan_id, target = r[0], r[1], r[2]
        if target is None and jabatan_id:
            if jabatan_id not in above:
                above[jabatan_id] = walk(jabatan_id, None)
            target = above[jabatan_id]
            if target == pk:  # the pegawai holds a jabatan above their own (a cycle): look past it
                target = walk(jabatan_id, pk)
        result[pk] = target
    return result


@transaction.atomic
def atasan_recompute(*, instansi_id: int) -> int:
    """Store every pegawai's atasan langsung (``atasan_langsung_map``). Set-based: two reads and
    one UPDATE per batch of the rows that changed. Returns the number of rows changed."""
    from django.db import connection

    parent_of: dict[int, int | None] = dict(
        Jabatan.objects.filter(instansi_id=instansi_id).order_by().values_list("id", "atasan_id")
    )
    rows = list(
        Pegawai.objects.filter(instansi_id=instansi_id)
        .order_by()  # (any order: the default one would sort 100,000 rows for nothing)
        .values_list("id", "jabatan_id", "atasan_override_id", "status", "tmt_jabatan", "atasan_id")
    )
    target = atasan_langsung_map(parent_of=parent_of, rows=rows)
    changed_ids: list[int] = []
    changed_atasan: list[int | None] = []
    for r in rows:
        baru = target[r[0]]
        if baru != r[5]:
            changed_ids.append(r[0])
            changed_atasan.append(baru)
    # one UPDATE per batch of changed rows (an import of 100,000 pegawai may change every row);
    # on PostgreSQL the pairs travel as two arrays, SQLite limits the parameters of a statement
    postgres = connection.vendor == "postgresql"
    step = 20_000 if postgres else 5000
    for i in range(0, len(changed_ids), step):
        ids, atasan = changed_ids[i : i + step], changed_atasan[i : i + step]
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Pegawai._meta.db_table} AS p SET atasan_id = v.atasan_id "  # noqa: S608 (model table)
                    "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, atasan_id) WHERE p.id = v.id",
                    [ids, atasan],
                )
            continue
        # elsewhere a CASE with one branch per new atasan (not one per row as bulk_update writes it)
        by_atasan: dict[int | None, list[int]] = {}
        for pk, baru in zip(ids, atasan, strict=True):
            by_atasan.setdefault(baru, []).append(pk)
        Pegawai.objects.filter(pk__in=ids).update(
            atasan_id=Case(
                *[When(pk__in=pks, then=Value(baru)) for baru, pks in by_atasan.items()],
                default=F("atasan_id"),
                output_field=BigIntegerField(),
            )
        )
    return len(changed_ids)


# ---------------------------------------------------------------------------------------------
# Pegawai


PEGAWAI_FIELDS = [
    "jenis_asn",
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nik",
    "email",
    "pendidikan_terakhir",
    "tmt_cpns",
    "golongan",
    "tmt_golongan",
    "jabatan",
    "tmt_jabatan",
    "unit_kerja",
    "status",
    "atasan_override",
]


def _pegawai_validate(p: Pegawai, *, sebelum: Pegawai | None = None) -> None:
    """Every broken rule at once, by field. ``sebelum`` is the stored profile when updating."""
    errors = identitas_errors(
        jenis_asn=p.jenis_asn,
        nip=p.nip,
        nik=p.nik,
        tanggal_lahir=p.tanggal_lahir,
        jenis_kelamin=p.jenis_kelamin,
        tmt_cpns=p.tmt_cpns,
    )
    if p.golongan_id and p.golongan.jenis_asn != p.jenis_asn:
        errors["golongan"] = _("Golongan tidak sesuai dengan jenis ASN.")
    if p.tmt_golongan and p.tmt_cpns and p.tmt_golongan < p.tmt_cpns:
        errors["tmt_golongan"] = _("TMT golongan tidak boleh sebelum TMT CPNS/PPPK.")
    if p.jabatan_id and p.tmt_jabatan is None:
        errors["tmt_jabatan"] = _("TMT jabatan wajib diisi jika jabatan diisi.")
    if p.tmt_jabatan and p.tmt_cpns and p.tmt_jabatan < p.tmt_cpns:
        errors["tmt_jabatan"] = _("TMT jabatan tidak boleh sebelum TMT CPNS/PPPK.")
    if p.jabatan_id and p.jabatan is not None and p.jabatan.instansi_id != p.instansi_id:
        errors["jabatan"] = _("Jabatan bukan milik instansi ini.")
    if p.unit_kerja_id and p.unit_kerja.instansi_id != p.instansi_id:
        errors["unit_kerja"] = _("Unit kerja bukan milik instansi ini.")
    if (
        p.atasan_override_id
        and p.atasan_override is not None
        and (p.atasan_override.instansi_id != p.instansi_id or p.atasan_override_id == p.pk)
    ):
        errors["atasan_override"] = _("Pejabat penilai harus pegawai lain dari instansi ini.")
    logins = User.objects.filter(username=p.nip)
    if p.user_id is not None:
        logins = logins.exclude(pk=p.user_id)
    if logins.exists():
        errors.setdefault("nip", _("NIP ini sudah dipakai sebagai nama pengguna."))
    if sebelum is not None:
        # history runs forward: a new rank or position cannot start before the one it replaces
        if p.golongan_id != sebelum.golongan_id and p.tmt_golongan and p.tmt_golongan < sebelum.tmt_golongan:
            errors["tmt_golongan"] = _("TMT golongan baru tidak boleh sebelum TMT golongan sebelumnya.")
        if (
            p.jabatan_id
            and sebelum.jabatan_id
            and p.jabatan_id != sebelum.jabatan_id
            and p.tmt_jabatan
            and sebelum.tmt_jabatan
            and p.tmt_jabatan < sebelum.tmt_jabatan
        ):
            errors["tmt_jabatan"] = _("TMT jabatan baru tidak boleh sebelum TMT jabatan sebelumnya.")
    _clean(p, errors)


@transaction.atomic
def pegawai_create(
    *,
    actor: User | None,
    instansi: Instansi,
    jenis_asn: str,
    nip: str,
    nama: str,
    jenis_kelamin: str,
    tanggal_lahir: datetime.date,
    pendidikan_terakhir: str,
    tmt_cpns: datetime.date,
    golongan: Golongan,
    tmt_golongan: datetime.date,
    unit_kerja: UnitKerja | None = None,
    jabatan: Jabatan | None = None,
    tmt_jabatan: datetime.date | None = None,
    gelar_depan: str = "",
    gelar_belakang: str = "",
    tempat_lahir: str = "",
    nik: str = "",
    email: str = "",
    password: str | None = None,
) -> Pegawai:
    """A new pegawai with a login (username = NIP), the first riwayat rows and an audit row."""
    if unit_kerja is None and jabatan is not None:
        unit_kerja = jabatan.unit_kerja
    if unit_kerja is None:
        raise ValidationError({"unit_kerja": _("Unit kerja wajib diisi.")})
    pegawai = Pegawai(
        instansi=instansi,
        jenis_asn=jenis_asn,
        nip=nip.strip(),
        nama=nama.strip(),
        gelar_depan=gelar_depan,
        gelar_belakang=gelar_belakang,
        jenis_kelamin=jenis_kelamin,
        tempat_lahir=tempat_lahir,
        tanggal_lahir=tanggal_lahir,
        nik=nik.strip(),
        email=email,
        pendidikan_terakhir=pendidikan_terakhir,
        tmt_cpns=tmt_cpns,
        golongan=golongan,
        tmt_golongan=tmt_golongan,
        jabatan=jabatan,
        tmt_jabatan=tmt_jabatan,
        unit_kerja=unit_kerja,
    )
    _pegawai_validate(pegawai)
    user = User(username=pegawai.nip, instansi=instansi, peran=User.Peran.PEGAWAI, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    pegawai.user = user
    pegawai.save()
    RiwayatPangkat.objects.create(
        pegawai=pegawai,
        golongan=golongan,
        tmt=tmt_golongan,
        jenis=RiwayatPangkat.Jenis.CPNS if tmt_golongan == tmt_cpns else RiwayatPangkat.Jenis.REGULER,
    )
    if jabatan is not None and tmt_jabatan is not None:
        RiwayatJabatan.objects.create(
            pegawai=pegawai,
            jabatan=jabatan,
            nama_jabatan=jabatan.nama,
            nama_unit=jabatan.unit_kerja.nama,
            jenis_jabatan=jabatan.jenis,
            tmt=tmt_jabatan,
        )
    audit_record(
        actor=actor,
        subject=pegawai,
        aksi=AuditLog.Aksi.CREATE,
        perubahan=snapshot(pegawai, PEGAWAI_FIELDS),
        ringkasan=_("Pegawai %(nama)s ditambahkan") % {"nama": pegawai.nama},
        instansi_id=instansi.pk,
        pegawai_id=pegawai.pk,
    )
    atasan_recompute(instansi_id=instansi.pk)
    return pegawai


@transaction.atomic
def pegawai_update(*, actor: User | None, pegawai: Pegawai, data: dict[str, Any]) -> Pegawai:
    """Change a profile. A new golongan or jabatan also writes its riwayat row with the TMT (the
    previous riwayat jabatan closes on it); a corrected TMT moves the current riwayat row; the
    login follows the NIP. Everything is validated before anything is written."""
    pegawai = Pegawai.objects.select_for_update(of=("self",)).select_related("jabatan", "golongan").get(pk=pegawai.pk)
    sebelum = Pegawai.objects.get(pk=pegawai.pk)
    candidate = Pegawai.objects.select_related("jabatan", "golongan", "unit_kerja").get(pk=pegawai.pk)
    if "jabatan" in data and data["jabatan"] is None:
        data = {**data, "tmt_jabatan": None}  # without a jabatan there is no TMT jabatan
    if "jabatan" in data and data["jabatan"] is not None and "unit_kerja" not in data:
        data = {**data, "unit_kerja": data["jabatan"].unit_kerja}  # the unit follows the jabatan
    for name in PEGAWAI_FIELDS:
        if name in data:
            setattr(candidate, name, data[name])
    _pegawai_validate(candidate, sebelum=sebelum)
    pegawai, changed = model_update(
        instance=pegawai,
        fields=PEGAWAI_FIELDS,
        data=data,
        actor=actor,
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
        ringkasan=_("Profil %(nama)s diubah") % {"nama": pegawai.nama},
    )
    if not changed:
        return pegawai
    if pegawai.golongan_id != sebelum.golongan_id:
        RiwayatPangkat.objects.update_or_create(
            pegawai=pegawai,
            golongan=pegawai.golongan,
            defaults={"tmt": pegawai.tmt_golongan},
            create_defaults={"tmt": pegawai.tmt_golongan, "jenis": RiwayatPangkat.Jenis.REGULER},
        )
    elif pegawai.tmt_golongan != sebelum.tmt_golongan:
        RiwayatPangkat.objects.filter(pegawai=pegawai, golongan_id=pegawai.golongan_id).update(tmt=pegawai.tmt_golongan)
    terbuka = RiwayatJabatan.objects.filter(pegawai=pegawai, tmt_selesai__isnull=True)
    if pegawai.jabatan_id != sebelum.jabatan_id:
        # the previous position ends where the new one starts (today when there is none)
        selesai = pegawai.tmt_jabatan or timezone.localdate()
        terbuka.update(tmt_selesai=Greatest(F("tmt"), Value(selesai, output_field=DateField())))
        if pegawai.jabatan is not None and pegawai.tmt_jabatan is not None:
            RiwayatJabatan.objects.create(
                pegawai=pegawai,
                jabatan=pegawai.jabatan,
                nama_jabatan=pegawai.jabatan.nama,
                nama_unit=pegawai.unit_kerja.nama,
                jenis_jabatan=pegawai.jabatan.jenis,
                tmt=pegawai.tmt_jabatan,
            )
    elif pegawai.tmt_jabatan != sebelum.tmt_jabatan:
        terbuka.update(tmt=pegawai.tmt_jabatan)
    if pegawai.user_id and pegawai.nip != sebelum.nip:
        User.objects.filter(pk=pegawai.user_id).update(username=pegawai.nip)
    if {"jabatan", "tmt_jabatan", "atasan_override", "status"} & data.keys():
        # who holds which jabatan (and since when) decides every atasan
        atasan_recompute(instansi_id=pegawai.instansi_id)
    return pegawai


def _riwayat_audit(actor: User | None, pegawai: Pegawai, row: Any, fields: list[str], label: str) -> None:
    audit_record(
        actor=actor,
        subject=row,
        aksi=AuditLog.Aksi.CREATE,
        perubahan=snapshot(row, fields),
        ringkasan=label,
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
    )


@transaction.atomic
def riwayat_pangkat_create(
    *,
    actor: User | None,
    pegawai: Pegawai,
    golongan: Golongan,
    tmt: datetime.date,
    jenis: str = RiwayatPangkat.Jenis.REGULER,
    nomor_sk: str = "",
    tanggal_sk: datetime.date | None = None,
) -> RiwayatPangkat:
    """Record a rank in the history; the latest TMT becomes the current golongan."""
    errors: dict[str, str] = {}
    if golongan.jenis_asn != pegawai.jenis_asn:
        errors["golongan"] = _("Golongan tidak sesuai dengan jenis ASN.")
    elif RiwayatPangkat.objects.filter(pegawai=pegawai, golongan=golongan).exists():
        errors["golongan"] = _("Golongan ini sudah ada di riwayat pangkat.")
    if tmt < pegawai.tmt_cpns:
        errors["tmt"] = _("TMT tidak boleh sebelum TMT CPNS/PPPK.")
    row = RiwayatPangkat(
        pegawai=pegawai, golongan=golongan, tmt=tmt, jenis=jenis, nomor_sk=nomor_sk, tanggal_sk=tanggal_sk
    )
    _clean(row, errors)
    row.save()
    _riwayat_audit(actor, pegawai, row, ["golongan", "tmt", "jenis", "nomor_sk"], _("Riwayat pangkat ditambahkan"))
    if tmt >= pegawai.tmt_golongan:
        model_update(
            instance=pegawai,
            fields=["golongan", "tmt_golongan"],
            data={"golongan": golongan, "tmt_golongan": tmt},
            actor=actor,
            instansi_id=pegawai.instansi_id,
            pegawai_id=pegawai.pk,
            ringkasan=_("Golongan diperbarui dari riwayat pangkat"),
        )
    return row


@transaction.atomic
def riwayat_jabatan_create(
    *,
    actor: User | None,
    pegawai: Pegawai,
    nama_jabatan: str,
    jenis_jabatan: str,
    tmt: datetime.date,
    tmt_selesai: datetime.date | None = None,
    nama_unit: str = "",
    nomor_sk: str = "",
    jabatan: Jabatan | None = None,
) -> RiwayatJabatan:
    """Record a past position (for the current one, change the profile's jabatan)."""
    errors: dict[str, str] = {}
    if jabatan is not None and jabatan.instansi_id != pegawai.instansi_id:
        errors["jabatan"] = _("Jabatan bukan milik instansi ini.")
    if tmt_selesai is not None and tmt_selesai < tmt:
        errors["tmt_selesai"] = _("Tanggal selesai tidak boleh sebelum TMT.")
    row = RiwayatJabatan(
        pegawai=pegawai,
        jabatan=jabatan,
        nama_jabatan=nama_jabatan,
        jenis_jabatan=jenis_jabatan,
        tmt=tmt,
        tmt_selesai=tmt_selesai,
        nama_unit=nama_unit,
        nomor_sk=nomor_sk,
    )
    _clean(row, errors)
    row.save()
    _riwayat_audit(
        actor, pegawai, row, ["nama_jabatan", "nama_unit", "tmt", "tmt_selesai"], _("Riwayat jabatan ditambahkan")
    )
    return row


@transaction.atomic
def riwayat_pendidikan_create(
    *,
    actor: User | None,
    pegawai: Pegawai,
    tingkat: str,
    tahun_lulus: int,
    jurusan: str = "",
    institusi: str = "",
) -> RiwayatPendidikan:
    """Record an education; a higher level than the current one becomes pendidikan terakhir."""
    from .models import PENDIDIKAN_URUTAN

    errors: dict[str, str] = {}
    if tahun_lulus < pegawai.tanggal_lahir.year:
        errors["tahun_lulus"] = _("Tahun lulus tidak boleh sebelum tahun lahir.")
    elif tahun_lulus > timezone.localdate().year:
        errors["tahun_lulus"] = _("Tahun lulus tidak boleh sesudah tahun ini.")
    row = RiwayatPendidikan(
        pegawai=pegawai, tingkat=tingkat, tahun_lulus=tahun_lulus, jurusan=jurusan, institusi=institusi
    )
    _clean(row, errors)
    row.save()
    _riwayat_audit(
        actor, pegawai, row, ["tingkat", "jurusan", "institusi", "tahun_lulus"], _("Riwayat pendidikan ditambahkan")
    )
    if PENDIDIKAN_URUTAN[tingkat] > PENDIDIKAN_URUTAN[pegawai.pendidikan_terakhir]:
        model_update(
            instance=pegawai,
            fields=["pendidikan_terakhir"],
            data={"pendidikan_terakhir": tingkat},
            actor=actor,
            instansi_id=pegawai.instansi_id,
            pegawai_id=pegawai.pk,
            ringkasan=_("Pendidikan terakhir diperbarui"),
        )
    return row


@transaction.atomic
def hukuman_disiplin_create(
    *,
    actor: User | None,
    pegawai: Pegawai,
    tingkat: str,
    jenis: str,
    tmt_mulai: datetime.date,
    tmt_selesai: datetime.date | None = None,
    nomor_sk: str = "",
    keterangan: str = "",
) -> HukumanDisiplin:
    errors: dict[str, str] = {}
    if jenis not in HukumanDisiplin.TINGKAT_JENIS.get(tingkat, ()):  # type: ignore[call-overload]
        errors["jenis"] = _("Jenis hukuman tidak sesuai dengan tingkatnya (PP 94/2021).")
    if tmt_selesai is not None and tmt_selesai < tmt_mulai:
        errors["tmt_selesai"] = _("Tanggal selesai hukuman tidak boleh sebelum tanggal mulai.")
    row = HukumanDisiplin(
        pegawai=pegawai,
        tingkat=tingkat,
        jenis=jenis,
        tmt_mulai=tmt_mulai,
        tmt_selesai=tmt_selesai,
        nomor_sk=nomor_sk,
        keterangan=keterangan,
    )
    _clean(row, errors)
    row.save()
    _riwayat_audit(
        actor, pegawai, row, ["tingkat", "jenis", "tmt_mulai", "tmt_selesai", "nomor_sk"], _("Hukuman disiplin dicatat")
    )
    return row


@transaction.atomic
def riwayat_cltn_create(
    *,
    actor: User | None,
    pegawai: Pegawai,
    tmt_mulai: datetime.date,
    tmt_selesai: datetime.date | None = None,
    nomor_sk: str = "",
) -> RiwayatCLTN:
    """Record a period of cuti di luar tanggungan negara."""
    errors: dict[str, str] = {}
    if tmt_mulai < pegawai.tmt_cpns:
        errors["tmt_mulai"] = _("Tanggal mulai CLTN tidak boleh sebelum TMT CPNS/PPPK.")
    if tmt_selesai is not None and tmt_selesai < tmt_mulai:
        errors["tmt_selesai"] = _("Tanggal selesai CLTN tidak boleh sebelum tanggal mulai.")
    row = RiwayatCLTN(pegawai=pegawai, tmt_mulai=tmt_mulai, tmt_selesai=tmt_selesai, nomor_sk=nomor_sk)
    _clean(row, errors)
    row.save()
    _riwayat_audit(actor, pegawai, row, ["tmt_mulai", "tmt_selesai", "nomor_sk"], _("Riwayat CLTN dicatat"))
    return row


@transaction.atomic
def user_create(
    *,
    instansi: Instansi | None,
    username: str,
    password: str,
    peran: str,
    first_name: str = "",
    is_superuser: bool = False,
) -> User:
    """A login for BKD staff or pimpinan (pegawai get theirs from pegawai_create)."""
    user = User(
        username=username,
        instansi=instansi,
        peran=peran,
        first_name=first_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    errors = {}
    if instansi is None and not is_superuser:
        errors["instansi"] = _("Pengguna selain superuser wajib memiliki instansi.")
    _clean(user, errors)
    user.save()
    return user
