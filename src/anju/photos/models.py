"""A photo of an owner (a project's month, an inspection finding, …), linked generically."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from anju.modelparts import by_user, filename_field


class Photo(models.Model):
    """One photo: the file as uploaded (named by its sha256 under the photos directory), its
    thumbnail, and when and where it was taken as its EXIF says (empty when it says nothing)."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    sha256 = models.CharField("SHA-256", max_length=64)
    kind = models.CharField("格式", max_length=8)  # jpeg | png | webp
    filename = filename_field()
    size = models.PositiveIntegerField("字节数")
    width = models.PositiveIntegerField("宽（像素）")
    height = models.PositiveIntegerField("高（像素）")
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = by_user("上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "照片"
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "sha256"], name="photo_once_per_owner"
            )
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def content_type(self) -> str:
        return f"image/{self.kind}"

    @property
    def place(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"{self.latitude:.5f}, {self.longitude:.5f}"
