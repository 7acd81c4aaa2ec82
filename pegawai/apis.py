"""REST API of pegawai: pegawai, unit kerja, jabatan, golongan, and token login.

One APIView per operation, each with its own input, output and filter serializers. Lists are
scoped by the selectors; single objects come from the access helpers (404 for what the user may
not see, 403 for what they may see but not change); writes go through the services, whose
ValidationErrors become 400s with field errors in ``common.apis.exception_handler``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.apis import Pagination
from common.selectors import audit_list_for_pegawai

from . import selectors, services
from .models import (
    Golongan,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    JenisASN,
    JenisKelamin,
    Pegawai,
    Pendidikan,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)
from .permissions import (
    IsBKD,
    can_read_instansi,
    instansi_q,
    jabatan_get_for_user,
    pegawai_get_for_user,
    pegawai_get_rw_for_user,
    require_instansi_reader,
    unit_kerja_get_for_user,
)
from .rules import MasaKerja

MAX_ID = 2**63 - 1

# ---------------------------------------------------------------------------------------------
# Shared pieces


class ApiBase(APIView):
    # Deny by default; authentication comes from REST_FRAMEWORK (token first, then session).
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated]  # type: ignore[misc]


class IsInstansiReader(BasePermission):
    """BKD officers and pimpinan: the organisation lists are theirs, as on the pages."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and can_read_instansi(request.user))


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description=_("Nomor halaman, mulai dari 1.")),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=format_lazy(
            _("Baris per halaman (bawaan {bawaan}, paling banyak {maks})."),
            bawaan=Pagination.page_size,
            maks=Pagination.max_page_size,
        ),
    ),
]


def paginated(serializer_class: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The schema of a page of ``serializer_class`` as ``common.apis.Pagination`` returns it."""
    meta = type("Meta", (), {"ref_name": name})
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
            "Meta": meta,
        },
    )


def paginated_response(
    *, request: Request, view: APIView, queryset: QuerySet[Any], serializer_class: type[serializers.Serializer]
) -> Response:
    paginator = Pagination()
    try:
        page = paginator.paginate_queryset(queryset, request, view=view)
    except NotFound as e:
        # a page past the end (or not a number) is bad input naming the parameter, not a 404
        raise ValidationError({"page": [gettext("Halaman ini tidak ada.")]}) from e
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def filters_from(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """Validated query parameters (a 400 naming the parameter when one is malformed)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return {k: v for k, v in serializer.validated_data.items() if v not in (None, "")}


def input_from(
    request: Request, serializer_class: type[serializers.Serializer], *, partial: bool = False
) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _parse_id(field: serializers.Field, data: Any) -> int:
    """A strict positive id: an integer or a string of digits, within the database's range."""
    if isinstance(data, bool) or not isinstance(data, (int, str)):
        field.fail("incorrect_type", data_type=type(data).__name__)
    if isinstance(data, str):
        data = data.strip()
        if not data.isascii() or not data.isdigit():
            field.fail("incorrect_type", data_type="str")
    pk = int(data)
    if not 1 <= pk <= MAX_ID:
        field.fail("does_not_exist", pk_value=data)
    return pk


@extend_schema_field(OpenApiTypes.INT)
class InstansiRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row of the acting user's instansi; any other id does not exist for them."""

    default_error_messages = {
        "required": _("Wajib diisi."),
        "does_not_exist": _("Tidak ada data dengan id {pk_value} di instansi Anda."),
        "incorrect_type": _("Harus berupa id (bilangan bulat), bukan {data_type}."),
    }

    def __init__(self, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        user = self.context["request"].user
        return self.model._default_manager.filter(instansi_q(user))

    def to_internal_value(self, data: Any) -> Any:
        pk = _parse_id(self, data)
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            self.fail("does_not_exist", pk_value=pk)
        return obj

    def to_representation(self, value: Any) -> Any:
        return value.pk


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "example": "III/a"}]})
class GolonganField(serializers.Field):
    """A golongan by id or by code ("III/a" for PNS, "IX" for PPPK)."""

    default_error_messages = {
        "does_not_exist": _("Golongan {value} tidak dikenal."),
        "incorrect_type": _("Harus berupa id atau kode golongan, bukan {data_type}."),
    }

    def to_internal_value(self, data: Any) -> Golongan:
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        text = str(data).strip()
        if text.isascii() and text.isdigit():
            pk = int(text)
            obj = Golongan.objects.filter(pk=pk).first() if pk <= MAX_ID else None
        else:
            obj = Golongan.objects.filter(kode=text[:6]).order_by("jenis_asn").first() if len(text) <= 6 else None
        if obj is None:
            self.fail("does_not_exist", value=text[:20])
        return obj

    def to_representation(self, value: Golongan) -> int:
        return value.pk


def user_of(request: Request) -> User:
    """The acting user (every view but the token login has denied anonymous callers already)."""
    return cast(User, request.user)


def _instansi_for(user: User, field: str, related: Any) -> Instansi:
    """The instansi a new row belongs to: the user's, or for a superuser of every instansi,
    the instansi of the row it refers to through ``field``."""
    if user.instansi is not None:
        return user.instansi
    if related is not None:
        return cast(Instansi, related.instansi)
    raise ValidationError({field: [gettext("Wajib diisi bila akun tidak terikat pada satu instansi.")]})


class MethodNotAllowedApi(ApiBase):
    """Answers every method but OPTIONS with 405 (after authentication), listing ``allowed``."""

    allowed: ClassVar[list[str]] = []

    @property
    def allowed_methods(self) -> list[str]:
        return self.allowed


def method_routes(name: str, **views: type[APIView]) -> Callable[..., HttpResponseBase]:
    """One URL, one APIView per HTTP method (``get=PegawaiListApi, post=PegawaiCreateApi``).

    Any other method authenticates (401 for anonymous) and then answers 405 with the
    methods the URL has. For the schema generator, the route exposes one class that carries each
    operation's annotated handler."""
    handlers = {method: view.as_view() for method, view in views.items()}
    if "get" in handlers:
        handlers.setdefault("head", handlers["get"])
    allowed = [m.upper() for m in (*views, "options")]
    fallback_cls = cast(type[MethodNotAllowedApi], type(f"{name}MethodNotAllowed", (MethodNotAllowedApi,), {}))
    fallback_cls.allowed = allowed
    fallback = fallback_cls.as_view()

    def route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return handlers.get((request.method or "").lower(), fallback)(request, *args, **kwargs)

    attrs: dict[str, Any] = {method: getattr(view, method) for method, view in views.items()}
    attrs["__module__"] = __name__
    route.cls = type(name, (ApiBase,), attrs)  # type: ignore[attr-defined]
    route.initkwargs = {}  # type: ignore[attr-defined]
    return csrf_exempt(route)


class RingkasSerializer(serializers.Serializer):
    """id and name of a related row."""

    id = serializers.IntegerField()
    nama = serializers.CharField()

    class Meta:
        ref_name = "Ringkas"


class GolonganRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    jenis_asn = serializers.CharField()
    kode = serializers.CharField()
    pangkat = serializers.CharField()

    class Meta:
        ref_name = "GolonganRingkas"


class JabatanRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    jenis = serializers.CharField()

    class Meta:
        ref_name = "JabatanRingkas"


class PegawaiRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nip = serializers.CharField()
    nama_lengkap = serializers.CharField()

    class Meta:
        ref_name = "PegawaiRingkas"


class MasaKerjaSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    bulan = serializers.IntegerField()
    hari = serializers.IntegerField()

    class Meta:
        ref_name = "MasaKerja"


def _masa(value: MasaKerja | None) -> dict[str, int] | None:
    if value is None:
        return None
    return {"tahun": value.tahun, "bulan": value.bulan, "hari": value.hari}


# ---------------------------------------------------------------------------------------------
# Token login


class TokenObtainApi(APIView):
    """Exchange a NIP (or a BKD username) and password for an API token. Goes through Django's
    ``authenticate()`` with the request, so failed attempts count towards the axes lockout."""

    authentication_classes: ClassVar[list[type]] = []  # type: ignore[misc]
    permission_classes: ClassVar[list[type[BasePermission]]] = [AllowAny]  # type: ignore[misc]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150, help_text=_("NIP, atau nama pengguna petugas BKD."))
        password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

        class Meta:
            ref_name = "TokenObtainInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

        class Meta:
            ref_name = "TokenObtainOutput"

    @extend_schema(
        operation_id="auth_token_create",
        description=_(
            "Tukar NIP (atau nama pengguna petugas BKD) dan kata sandi dengan token API. Kirim token sebagai header "
            "Authorization: Token <token>. Percobaan yang gagal dihitung; setelah batas percobaan akun dikunci "
            "sementara (429)."
        ),
        tags=["auth"],
        summary=_("Minta token API"),
        request=InputSerializer,
        responses={200: OutputSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        # The DRF request (not the bare HttpRequest) so that axes records attempts on it and the
        # lockout is answered here as JSON, not by the HTML lockout page of the middleware.
        user = authenticate(
            request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": gettext("Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            # a returned response, not a raised error: the failed attempt axes recorded must be
            # committed with the request's transaction
            return Response(
                {"non_field_errors": [gettext("NIP/nama pengguna atau kata sandi salah.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        # a token login is a login: last_login is updated and axes resets the failure count
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)


# ---------------------------------------------------------------------------------------------
# Pegawai


class PegawaiListApi(ApiBase):
    """Pegawai the user may see: BKD and pimpinan the whole instansi, an atasan themself and
    everyone below them, a pegawai themself."""

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Nama atau awal NIP."))
        unit_kerja = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID, help_text=_("Unit kerja beserta unit di bawahnya.")
        )
        jenis_jabatan = serializers.ChoiceField(required=False, choices=Jabatan.Jenis.choices)
        golongan = serializers.CharField(required=False, max_length=10, help_text=_("Id atau kode golongan."))
        pendidikan = serializers.ChoiceField(required=False, choices=Pendidikan.choices)
        jenis_kelamin = serializers.ChoiceField(required=False, choices=JenisKelamin.choices)
        jenis_asn = serializers.ChoiceField(required=False, choices=JenisASN.choices)
        status = serializers.ChoiceField(required=False, choices=Pegawai.Status.choices)

        class Meta:
            ref_name = "PegawaiListFilter"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        nip = serializers.CharField()
        nama = serializers.CharField()
        nama_lengkap = serializers.CharField()
        jenis_asn = serializers.CharField()
        jenis_kelamin = serializers.CharField()
        pendidikan_terakhir = serializers.CharField()
        golongan = GolonganRingkasSerializer()
        jabatan = JabatanRingkasSerializer(allow_null=True)
        unit_kerja = RingkasSerializer()
        status = serializers.CharField()

        class Meta:
            ref_name = "PegawaiListOutput"

    @extend_schema(
        operation_id="pegawai_list",
        description=_(
            "Pegawai yang boleh dilihat pengguna: petugas BKD dan pimpinan seluruh instansi, atasan dirinya dan semua "
            "bawahannya, pegawai dirinya sendiri. Filter sama dengan halaman daftar pegawai."
        ),
        tags=["pegawai"],
        summary=_("Daftar pegawai"),
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(OutputSerializer, "PegawaiListPage")},
    )
    def get(self, request: Request) -> Response:
        filters = filters_from(request, self.FilterSerializer)
        qs = selectors.pegawai_list_for_user(user=user_of(request), filters=filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=self.OutputSerializer)


class PegawaiDetailApi(ApiBase):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        jenis_asn = serializers.CharField()
        nip = serializers.CharField()
        nama = serializers.CharField()
        gelar_depan = serializers.CharField()
        gelar_belakang = serializers.CharField()
        nama_lengkap = serializers.CharField()
        jenis_kelamin = serializers.CharField()
        tempat_lahir = serializers.CharField()
        tanggal_lahir = serializers.DateField()
        nik = serializers.CharField()
        email = serializers.CharField()
        pendidikan_terakhir = serializers.CharField()
        tmt_cpns = serializers.DateField()
        golongan = GolonganRingkasSerializer()
        tmt_golongan = serializers.DateField()
        jabatan = JabatanRingkasSerializer(allow_null=True)
        tmt_jabatan = serializers.DateField(allow_null=True)
        unit_kerja = RingkasSerializer()
        status = serializers.CharField()
        atasan_langsung = PegawaiRingkasSerializer(source="atasan", allow_null=True)
        atasan_override = serializers.IntegerField(source="atasan_override_id", allow_null=True)
        masa_kerja = serializers.SerializerMethodField()
        masa_kerja_golongan = serializers.SerializerMethodField()
        masa_jabatan = serializers.SerializerMethodField()

        class Meta:
            ref_name = "PegawaiDetailOutput"

        @extend_schema_field(MasaKerjaSerializer)
        def get_masa_kerja(self, obj: Pegawai) -> dict[str, int] | None:
            return _masa(selectors.masa_kerja_total(pegawai=obj))

        @extend_schema_field(MasaKerjaSerializer)
        def get_masa_kerja_golongan(self, obj: Pegawai) -> dict[str, int] | None:
            return _masa(selectors.masa_kerja_golongan(pegawai=obj))

        @extend_schema_field(MasaKerjaSerializer(allow_null=True))
        def get_masa_jabatan(self, obj: Pegawai) -> dict[str, int] | None:
            return _masa(selectors.masa_jabatan(pegawai=obj))

    @extend_schema(
        operation_id="pegawai_retrieve",
        description=_(
            "Profil pegawai dengan masa kerja, masa kerja golongan dan masa jabatan (tepat sampai hari) serta atasan "
            "langsung. Pegawai yang tidak boleh dilihat menghasilkan 404."
        ),
        tags=["pegawai"],
        summary=_("Profil pegawai"),
        responses={200: OutputSerializer},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        pegawai = pegawai_get_for_user(user=user_of(request), pegawai_id=pegawai_id)
        return Response(self.OutputSerializer(pegawai).data)


class PegawaiInputSerializer(serializers.Serializer):
    """The fields of a profile that BKD officers write, relations as ids of their instansi."""

    jenis_asn = serializers.ChoiceField(choices=JenisASN.choices)
    nip = serializers.CharField(max_length=18, help_text=_("18 angka; untuk PNS sesuai tanggal lahir dan TMT CPNS."))
    nama = serializers.CharField(max_length=150)
    gelar_depan = serializers.CharField(max_length=30, required=False, allow_blank=True)
    gelar_belakang = serializers.CharField(max_length=60, required=False, allow_blank=True)
    jenis_kelamin = serializers.ChoiceField(choices=JenisKelamin.choices)
    tempat_lahir = serializers.CharField(max_length=100, required=False, allow_blank=True)
    tanggal_lahir = serializers.DateField()
    nik = serializers.CharField(max_length=16, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    pendidikan_terakhir = serializers.ChoiceField(choices=Pendidikan.choices)
    tmt_cpns = serializers.DateField()
    golongan = GolonganField(help_text=_("Id atau kode golongan (mis. III/a)."))
    tmt_golongan = serializers.DateField()
    unit_kerja = InstansiRelatedField(UnitKerja, required=False)
    jabatan = InstansiRelatedField(Jabatan, required=False, allow_null=True)
    tmt_jabatan = serializers.DateField(required=False, allow_null=True)

    class Meta:
        ref_name = "PegawaiInputBase"


class PegawaiCreateApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsBKD]  # type: ignore[misc]

    class InputSerializer(PegawaiInputSerializer):
        class Meta:
            ref_name = "PegawaiCreateInput"

    @extend_schema(
        operation_id="pegawai_create",
        description=_(
            "Hanya petugas BKD. Unit kerja, jabatan dan golongan diisi dengan id (golongan juga boleh kodenya); unit "
            "dan jabatan harus milik instansi pengguna."
        ),
        tags=["pegawai"],
        summary=_("Tambah pegawai (petugas BKD)"),
        request=InputSerializer,
        responses={201: PegawaiDetailApi.OutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = input_from(request, self.InputSerializer)
        instansi = _instansi_for(user, "unit_kerja", data.get("unit_kerja") or data.get("jabatan"))
        pegawai = services.pegawai_create(actor=user, instansi=instansi, **data)
        pegawai = pegawai_get_for_user(user=user, pegawai_id=pegawai.pk)
        return Response(PegawaiDetailApi.OutputSerializer(pegawai).data, status=status.HTTP_201_CREATED)


class PegawaiUpdateApi(ApiBase):
    """Change a profile: only the fields sent are changed, and every change is audited."""

    class InputSerializer(PegawaiInputSerializer):
        status = serializers.ChoiceField(choices=Pegawai.Status.choices, required=False)
        atasan_override = InstansiRelatedField(
            Pegawai, required=False, allow_null=True, help_text=_("Pejabat penilai pengecualian (id pegawai).")
        )

        class Meta:
            ref_name = "PegawaiUpdateInput"

    @extend_schema(
        operation_id="pegawai_update",
        description=_(
            "Hanya petugas BKD. Hanya kolom yang dikirim yang diubah; setiap perubahan tercatat di jejak audit."
        ),
        tags=["pegawai"],
        summary=_("Ubah profil pegawai (petugas BKD)"),
        request=InputSerializer(partial=True),
        responses={200: PegawaiDetailApi.OutputSerializer},
    )
    def patch(self, request: Request, pegawai_id: int) -> Response:
        user = user_of(request)
        pegawai = pegawai_get_rw_for_user(user=user, pegawai_id=pegawai_id)
        data = input_from(request, self.InputSerializer, partial=True)
        services.pegawai_update(actor=user, pegawai=pegawai, data=data)
        pegawai = pegawai_get_for_user(user=user, pegawai_id=pegawai.pk)
        return Response(PegawaiDetailApi.OutputSerializer(pegawai).data)


class RiwayatPangkatSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    golongan = GolonganRingkasSerializer()
    tmt = serializers.DateField()
    jenis = serializers.CharField()
    nomor_sk = serializers.CharField()
    tanggal_sk = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "RiwayatPangkat"


class RiwayatJabatanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    jabatan = serializers.IntegerField(source="jabatan_id", allow_null=True)
    nama_jabatan = serializers.CharField()
    nama_unit = serializers.CharField()
    jenis_jabatan = serializers.CharField()
    tmt = serializers.DateField()
    tmt_selesai = serializers.DateField(allow_null=True)
    nomor_sk = serializers.CharField()

    class Meta:
        ref_name = "RiwayatJabatan"


class RiwayatPendidikanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tingkat = serializers.CharField()
    jurusan = serializers.CharField()
    institusi = serializers.CharField()
    tahun_lulus = serializers.IntegerField()

    class Meta:
        ref_name = "RiwayatPendidikan"


class HukumanDisiplinSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tingkat = serializers.CharField()
    jenis = serializers.CharField()
    tmt_mulai = serializers.DateField()
    tmt_selesai = serializers.DateField(allow_null=True)
    nomor_sk = serializers.CharField()
    keterangan = serializers.CharField()
    berjalan = serializers.BooleanField(help_text=_("Masih berjalan hari ini."))

    class Meta:
        ref_name = "HukumanDisiplin"


class RiwayatCLTNSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tmt_mulai = serializers.DateField()
    tmt_selesai = serializers.DateField(allow_null=True)
    nomor_sk = serializers.CharField()

    class Meta:
        ref_name = "RiwayatCLTN"


class PegawaiRiwayatApi(ApiBase):
    class OutputSerializer(serializers.Serializer):
        pangkat = RiwayatPangkatSerializer(many=True)
        jabatan = RiwayatJabatanSerializer(many=True)
        pendidikan = RiwayatPendidikanSerializer(many=True)
        hukuman_disiplin = HukumanDisiplinSerializer(many=True)
        cltn = RiwayatCLTNSerializer(many=True)

        class Meta:
            ref_name = "PegawaiRiwayatOutput"

    @extend_schema(
        operation_id="pegawai_riwayat",
        description=_("Riwayat pangkat, jabatan, pendidikan, hukuman disiplin dan CLTN, terbaru lebih dulu."),
        tags=["pegawai"],
        summary=_("Riwayat pangkat, jabatan, pendidikan dan hukuman disiplin"),
        responses={200: OutputSerializer},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        pegawai = pegawai_get_for_user(user=user_of(request), pegawai_id=pegawai_id)
        detail = selectors.pegawai_detail(pegawai=pegawai)
        berjalan = {h.pk for h in detail["hukdis_berjalan"]}
        hukdis: list[HukumanDisiplin] = detail["hukuman_disiplin"]
        for h in hukdis:
            h.berjalan = h.pk in berjalan  # type: ignore[attr-defined]
        pangkat: list[RiwayatPangkat] = detail["riwayat_pangkat"]
        jabatan: list[RiwayatJabatan] = detail["riwayat_jabatan"]
        pendidikan: list[RiwayatPendidikan] = detail["riwayat_pendidikan"]
        data = self.OutputSerializer(
            {
                "pangkat": pangkat,
                "jabatan": jabatan,
                "pendidikan": pendidikan,
                "hukuman_disiplin": hukdis,
                "cltn": detail["riwayat_cltn"],
            }
        ).data
        return Response(data)


class PegawaiAuditApi(ApiBase):
    """The audit trail of a profile (the most recent changes first), as on the profile page."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        waktu = serializers.DateTimeField(source="created_at")
        aksi = serializers.CharField()
        objek = serializers.SerializerMethodField()
        ringkasan = serializers.CharField()
        oleh = serializers.SerializerMethodField()
        perubahan = serializers.JSONField(help_text=_("Nilai lama dan baru per kolom."))

        class Meta:
            ref_name = "AuditOutput"

        def get_objek(self, obj: Any) -> str:
            return ContentType.objects.get_for_id(obj.content_type_id).model

        def get_oleh(self, obj: Any) -> str | None:
            if obj.actor is None:
                return None
            return str(obj.actor.get_full_name() or obj.actor.username)

    @extend_schema(
        operation_id="pegawai_audit",
        description=_("Perubahan profil dan riwayatnya (siapa, kapan, nilai lama dan baru), terbaru lebih dulu."),
        tags=["pegawai"],
        summary=_("Jejak audit profil pegawai"),
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        pegawai = pegawai_get_for_user(user=user_of(request), pegawai_id=pegawai_id)
        rows = audit_list_for_pegawai(pegawai_id=pegawai.pk)
        return Response(self.OutputSerializer(rows, many=True).data)


# ---------------------------------------------------------------------------------------------
# Unit kerja


class UnitKerjaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    kode = serializers.CharField()
    jenis = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    path = serializers.CharField(help_text=_("Id unit dari akar sampai unit ini, dipisah '/'."))
    depth = serializers.IntegerField(help_text=_("Kedalaman di pohon; 0 untuk perangkat daerah."))
    is_unit_layanan = serializers.BooleanField()
    jumlah_pegawai = serializers.IntegerField(help_text=_("Pegawai aktif di unit ini."))

    class Meta:
        ref_name = "UnitKerjaOutput"


class UnitKerjaListApi(ApiBase):
    """Every unit of the instansi in tree order (a unit comes right before its subtree)."""

    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsInstansiReader]  # type: ignore[misc]

    @extend_schema(
        operation_id="unit_kerja_list",
        description=_(
            "Petugas BKD dan pimpinan. Unit kerja instansi dalam urutan pohon: setiap unit tepat sebelum unit-unit di "
            "bawahnya."
        ),
        tags=["unit kerja"],
        summary=_("Pohon unit kerja"),
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(UnitKerjaOutputSerializer, "UnitKerjaListPage")},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.unit_kerja_list_for_user(user=user_of(request))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=UnitKerjaOutputSerializer)


def _unit_kerja_out(user: User, unit: UnitKerja) -> dict[str, Any]:
    annotated = selectors.unit_kerja_list_for_user(user=user).get(pk=unit.pk)
    return UnitKerjaOutputSerializer(annotated).data


class UnitKerjaDetailApi(ApiBase):
    @extend_schema(
        operation_id="unit_kerja_retrieve",
        description=_("Petugas BKD dan pimpinan."),
        tags=["unit kerja"],
        summary=_("Unit kerja"),
        responses={200: UnitKerjaOutputSerializer},
    )
    def get(self, request: Request, unit_kerja_id: int) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        unit = unit_kerja_get_for_user(user=user, unit_kerja_id=unit_kerja_id)
        return Response(_unit_kerja_out(user, unit))


class UnitKerjaInputSerializer(serializers.Serializer):
    nama = serializers.CharField(max_length=200)
    kode = serializers.CharField(max_length=40)
    jenis = serializers.ChoiceField(choices=UnitKerja.Jenis.choices)
    parent = InstansiRelatedField(  # type: ignore[assignment]
        UnitKerja, required=False, allow_null=True, help_text=_("Id unit induk.")
    )
    is_unit_layanan = serializers.BooleanField(required=False)

    class Meta:
        ref_name = "UnitKerjaInputBase"


class UnitKerjaCreateApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsBKD]  # type: ignore[misc]

    class InputSerializer(UnitKerjaInputSerializer):
        class Meta:
            ref_name = "UnitKerjaCreateInput"

    @extend_schema(
        operation_id="unit_kerja_create",
        description=_("Hanya petugas BKD. Unit induk harus milik instansi pengguna."),
        tags=["unit kerja"],
        summary=_("Tambah unit kerja (petugas BKD)"),
        request=InputSerializer,
        responses={201: UnitKerjaOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = input_from(request, self.InputSerializer)
        instansi = _instansi_for(user, "parent", data.get("parent"))
        unit = services.unit_kerja_create(actor=user, instansi=instansi, **data)
        return Response(_unit_kerja_out(user, unit), status=status.HTTP_201_CREATED)


class UnitKerjaUpdateApi(ApiBase):
    class InputSerializer(UnitKerjaInputSerializer):
        class Meta:
            ref_name = "UnitKerjaUpdateInput"

    @extend_schema(
        operation_id="unit_kerja_update",
        description=_(
            "Hanya petugas BKD. Hanya kolom yang dikirim yang diubah; memindah unit memindah seluruh cabangnya."
        ),
        tags=["unit kerja"],
        summary=_("Ubah unit kerja (petugas BKD)"),
        request=InputSerializer(partial=True),
        responses={200: UnitKerjaOutputSerializer},
    )
    def patch(self, request: Request, unit_kerja_id: int) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        unit = unit_kerja_get_for_user(user=user, unit_kerja_id=unit_kerja_id, rw=True)
        data = input_from(request, self.InputSerializer, partial=True)
        unit = services.unit_kerja_update(actor=user, unit=unit, data=data)
        return Response(_unit_kerja_out(user, unit))


# ---------------------------------------------------------------------------------------------
# Jabatan


class JabatanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    jenis = serializers.CharField()
    jenjang = serializers.CharField()
    eselon = serializers.CharField()
    unit_kerja = RingkasSerializer()
    atasan = serializers.IntegerField(source="atasan_id", allow_null=True, help_text=_("Id jabatan atasan."))
    is_kepala_unit = serializers.BooleanField()
    kebutuhan = serializers.IntegerField()
    pendidikan_minimal = serializers.CharField()
    golongan_minimal = GolonganRingkasSerializer(allow_null=True)
    golongan_maksimal = GolonganRingkasSerializer(allow_null=True)
    jumlah_pemangku = serializers.IntegerField(help_text=_("Pemangku aktif."))
    lowongan = serializers.IntegerField(help_text=_("Kebutuhan dikurangi pemangku; negatif bila berlebih."))

    class Meta:
        ref_name = "JabatanOutput"


def _jabatan_out(user: User, jabatan: Jabatan) -> dict[str, Any]:
    annotated = selectors.jabatan_list_for_user(user=user).get(pk=jabatan.pk)
    return JabatanOutputSerializer(annotated).data


class JabatanListApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsInstansiReader]  # type: ignore[misc]

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Nama jabatan."))
        jenis = serializers.ChoiceField(required=False, choices=Jabatan.Jenis.choices)
        unit_kerja = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID, help_text=_("Unit kerja beserta unit di bawahnya.")
        )
        lowong = serializers.BooleanField(
            required=False, allow_null=True, default=None, help_text=_("true: hanya yang lowong; false: yang terisi.")
        )

        class Meta:
            ref_name = "JabatanListFilter"

    @extend_schema(
        operation_id="jabatan_list",
        description=_("Petugas BKD dan pimpinan. Jabatan dengan jumlah pemangku aktif dan lowongan."),
        tags=["jabatan"],
        summary=_("Daftar jabatan dengan pemangku dan lowongan"),
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(JabatanOutputSerializer, "JabatanListPage")},
    )
    def get(self, request: Request) -> Response:
        filters = filters_from(request, self.FilterSerializer)
        qs = selectors.jabatan_list_for_user(user=user_of(request), filters=filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=JabatanOutputSerializer)


class JabatanDetailApi(ApiBase):
    @extend_schema(
        operation_id="jabatan_retrieve",
        description=_("Petugas BKD dan pimpinan."),
        tags=["jabatan"],
        summary=_("Jabatan"),
        responses={200: JabatanOutputSerializer},
    )
    def get(self, request: Request, jabatan_id: int) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        jabatan = jabatan_get_for_user(user=user, jabatan_id=jabatan_id)
        return Response(_jabatan_out(user, jabatan))


class JabatanInputSerializer(serializers.Serializer):
    unit_kerja = InstansiRelatedField(UnitKerja)
    nama = serializers.CharField(max_length=200)
    jenis = serializers.ChoiceField(choices=Jabatan.Jenis.choices)
    jenjang = serializers.ChoiceField(choices=Jabatan.Jenjang.choices, required=False, allow_blank=True)
    eselon = serializers.ChoiceField(choices=Jabatan.Eselon.choices, required=False, allow_blank=True)
    atasan = InstansiRelatedField(Jabatan, required=False, allow_null=True, help_text=_("Id jabatan atasan."))
    is_kepala_unit = serializers.BooleanField(required=False)
    kebutuhan = serializers.IntegerField(required=False, min_value=1, max_value=32767)
    pendidikan_minimal = serializers.ChoiceField(choices=Pendidikan.choices, required=False, allow_blank=True)
    golongan_minimal = GolonganField(required=False, allow_null=True)
    golongan_maksimal = GolonganField(required=False, allow_null=True)

    class Meta:
        ref_name = "JabatanInputBase"


class JabatanCreateApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsBKD]  # type: ignore[misc]

    class InputSerializer(JabatanInputSerializer):
        class Meta:
            ref_name = "JabatanCreateInput"

    @extend_schema(
        operation_id="jabatan_create",
        description=_(
            "Hanya petugas BKD. Unit kerja dan jabatan atasan harus milik instansi pengguna; golongan boleh id atau "
            "kode."
        ),
        tags=["jabatan"],
        summary=_("Tambah jabatan (petugas BKD)"),
        request=InputSerializer,
        responses={201: JabatanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = input_from(request, self.InputSerializer)
        instansi = _instansi_for(user, "unit_kerja", data["unit_kerja"])
        jabatan = services.jabatan_create(actor=user, instansi=instansi, **data)
        return Response(_jabatan_out(user, jabatan), status=status.HTTP_201_CREATED)


class JabatanUpdateApi(ApiBase):
    class InputSerializer(JabatanInputSerializer):
        class Meta:
            ref_name = "JabatanUpdateInput"

    @extend_schema(
        operation_id="jabatan_update",
        description=_("Hanya petugas BKD. Hanya kolom yang dikirim yang diubah."),
        tags=["jabatan"],
        summary=_("Ubah jabatan (petugas BKD)"),
        request=InputSerializer(partial=True),
        responses={200: JabatanOutputSerializer},
    )
    def patch(self, request: Request, jabatan_id: int) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        jabatan = jabatan_get_for_user(user=user, jabatan_id=jabatan_id, rw=True)
        data = input_from(request, self.InputSerializer, partial=True)
        jabatan = services.jabatan_update(actor=user, jabatan=jabatan, data=data)
        return Response(_jabatan_out(user, jabatan))


# ---------------------------------------------------------------------------------------------
# Golongan (reference data, read-only)


class GolonganListApi(ApiBase):
    class FilterSerializer(serializers.Serializer):
        jenis_asn = serializers.ChoiceField(required=False, choices=JenisASN.choices)

        class Meta:
            ref_name = "GolonganListFilter"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        jenis_asn = serializers.CharField()
        kode = serializers.CharField()
        pangkat = serializers.CharField()
        urutan = serializers.IntegerField()

        class Meta:
            ref_name = "GolonganOutput"

    @extend_schema(
        operation_id="golongan_list",
        description=_(
            "Data rujukan golongan/ruang PNS (I/a–IV/e) dan golongan PPPK (I–XVII), untuk setiap pengguna yang masuk."
        ),
        tags=["golongan"],
        summary=_("Golongan/ruang dan pangkat"),
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(OutputSerializer, "GolonganListPage")},
    )
    def get(self, request: Request) -> Response:
        filters = filters_from(request, self.FilterSerializer)
        qs = selectors.golongan_list(jenis_asn=filters.get("jenis_asn"))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=self.OutputSerializer)
