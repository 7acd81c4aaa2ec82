from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), db_index=True, default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who changed what, when, with the old and new values. Written by services only."""

    class Aksi(models.TextChoices):
        CREATE = "create", _("dibuat")
        UPDATE = "update", _("diubah")
        DELETE = "delete", _("dihapus")
        IMPORT = "import", _("diimpor")

    # Plain integer, not a foreign key: common sits below the app that defines Instansi.
    instansi_id = models.BigIntegerField(_("instansi"), null=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # The profile the change belongs to (a riwayat row belongs to its pegawai), for the audit trail.
    pegawai_id = models.BigIntegerField(null=True, blank=True)
    aksi = models.CharField(_("aksi"), max_length=10, choices=Aksi.choices)
    ringkasan = models.CharField(_("ringkasan"), max_length=255, blank=True)
    perubahan = models.JSONField(_("perubahan"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the audit trail on a pegawai profile: audit_list_for_pegawai()
            models.Index(fields=["pegawai_id", "-created_at"], name="audit_pegawai_idx"),
            # the history of one object
            models.Index(fields=["content_type", "object_id"], name="audit_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_aksi_display()} {self.content_type_id}:{self.object_id}"


class Notifikasi(models.Model):
    """An in-app message to one user (a reminder, an approval, a result). ``kunci`` makes a
    notification idempotent: a rerun of the job that sends it does not send it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi"), blank=True)
    tautan = models.CharField(_("tautan"), max_length=300, blank=True)
    kunci = models.CharField(max_length=120, blank=True)
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kunci"], condition=~models.Q(kunci=""), name="notifikasi_kunci_unik"
            ),
        ]
        indexes = [
            # the unread badge and the list in the navbar: notifikasi_list_for_user()
            models.Index(fields=["user", "dibaca_pada", "-created_at"], name="notifikasi_user_idx"),
        ]

    def __str__(self) -> str:
        return self.judul
