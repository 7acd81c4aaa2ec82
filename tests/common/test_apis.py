"""The API exception handler and pagination, through real DRF views and requests."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from common.apis import Pagination
from common.exceptions import ApplicationError


class RaisingApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    error: Exception = Exception()

    def get(self, request):
        raise self.error


def _call(error):
    view = RaisingApi.as_view(error=error)
    return view(APIRequestFactory().get("/api/v1/uji/"))


def test_django_validation_error_becomes_400_with_field_errors():
    response = _call(
        DjangoValidationError({"nip": ["NIP harus tepat 18 angka."], "nik": ["NIK harus tepat 16 angka."]})
    )
    assert response.status_code == 400
    assert response.data == {"nip": ["NIP harus tepat 18 angka."], "nik": ["NIK harus tepat 16 angka."]}


def test_django_validation_error_without_a_field_becomes_non_field_errors():
    response = _call(DjangoValidationError("Periode sudah ditutup."))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Periode sudah ditutup."]}


def test_django_validation_error_with_all_and_fields_keeps_both():
    response = _call(DjangoValidationError({"__all__": ["Periode sudah ditutup."], "nip": ["NIP wajib diisi."]}))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Periode sudah ditutup."], "nip": ["NIP wajib diisi."]}


def test_application_error_becomes_400_with_its_message_and_extra():
    response = _call(ApplicationError("Kuota pelatihan habis.", extra={"kode": "kuota"}))
    assert response.status_code == 400
    assert response.data == {"detail": "Kuota pelatihan habis.", "kode": "kuota"}


def test_http404_is_a_plain_404_that_names_no_model():
    response = _call(Http404("No Pegawai matches the given query."))
    assert response.status_code == 404
    assert "Pegawai" not in str(response.data["detail"])


def test_permission_denied_is_a_plain_403():
    response = _call(PermissionDenied("hanya BKD"))
    assert response.status_code == 403
    assert "BKD" not in str(response.data["detail"])


def test_other_errors_are_left_to_django():
    with pytest.raises(ZeroDivisionError):
        _call(ZeroDivisionError())


class ListApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(list(range(1200)), request, view=self)
        return paginator.get_paginated_response(page)


@pytest.mark.parametrize(
    ("query", "size"),
    [("", 50), ("?page_size=10", 10), ("?page_size=5000", 500)],
)
def test_pagination_sizes(query, size):
    response = ListApi.as_view()(APIRequestFactory().get(f"/api/v1/uji/{query}"))
    assert response.status_code == 200
    assert response.data["count"] == 1200
    assert len(response.data["results"]) == size
    assert isinstance(response, Response)
