"""A photo's file checked by decoding it, read for when and where it was taken, and shrunk to
a thumbnail. Nothing here touches the database or the disk.

Limits: at most ``MAX_BYTES`` of file and ``MAX_PIXELS`` of image. The pixels are counted from
the header before anything is decoded, so a small file declaring a huge image (a decompression
bomb) is refused without being unpacked. Only JPEG, PNG and WebP are accepted, and only when the
whole image decodes; the extension must say what the content is.
"""

from __future__ import annotations

import datetime
import io
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMBNAIL = 320  # the longer side, in pixels
KINDS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
EXTENSIONS = {"jpeg": ("jpg", "jpeg"), "png": ("png",), "webp": ("webp",)}
# EXIF tags: the Exif and GPS sub-directories, and the entries read from them.
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME, DATETIME_ORIGINAL, OFFSET_ORIGINAL = 0x0132, 0x9003, 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
SIX_PLACES = Decimal("0.000001")
ONLY_THESE = _lazy("只接受 JPEG（.jpg）、PNG（.png）或 WebP（.webp）格式的照片")
DAMAGED = _lazy("照片文件不完整或已损坏，无法读取，请重新拍摄或重新导出后上传")


class Rejected(Exception):
    """The file is not a photo anju accepts; the message says why and what to do."""


@dataclass(frozen=True)
class Checked:
    """A photo that decoded whole: its format, size once turned upright, EXIF time and place."""

    kind: str
    width: int
    height: int
    taken_at: datetime.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    thumbnail: bytes


def photo_checked(data: bytes, filename: str) -> Checked:
    """The photo read and its thumbnail made; Rejected with a message in Chinese otherwise."""
    if len(data) > MAX_BYTES:
        raise Rejected(
            _("照片超过 %(limit)s MB 的上限，请缩小后再上传") % {"limit": MAX_BYTES // 2**20}
        )
    if not data:
        raise Rejected(_("上传的文件是空的"))
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    if extension not in {e for names in EXTENSIONS.values() for e in names}:
        raise Rejected(str(ONLY_THESE))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _opened(data)
        kind = KINDS[str(image.format)]
        if extension not in EXTENSIONS[kind]:
            raise Rejected(
                _("文件扩展名 .%(ext)s 与内容（%(kind)s）不符，请确认上传的是原始照片")
                % {"ext": extension, "kind": image.format}
            )
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise Rejected(_too_many())
        try:
            image.load()  # the whole image decoded: a truncated or damaged file fails here
            exif = image.getexif()
            upright = ImageOps.exif_transpose(image)
        except Exception:
            raise Rejected(str(DAMAGED)) from None
    taken_at, latitude, longitude = _when_and_where(exif)
    return Checked(
        kind=kind,
        width=upright.width,
        height=upright.height,
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
        thumbnail=_thumbnail(upright),
    )


def _opened(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=list(KINDS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Rejected(_too_many()) from None
    except Exception:
        raise Rejected(_("文件不是可以识别的照片。") + str(ONLY_THESE)) from None
    if image.format not in KINDS:
        raise Rejected(str(ONLY_THESE))
    return image


def _too_many() -> str:
    return _("照片像素过多，超过 %(limit)s 百万像素的上限，请缩小后再上传") % {
        "limit": MAX_PIXELS // 10**6
    }


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL, THUMBNAIL))
    if small.mode not in ("RGB", "L"):
        rgba = small.convert("RGBA")
        small = Image.new("RGB", rgba.size, (255, 255, 255))
        small.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def _when_and_where(
    exif: Image.Exif,
) -> tuple[datetime.datetime | None, Decimal | None, Decimal | None]:
    try:
        detail = exif.get_ifd(EXIF_IFD)
        gps = exif.get_ifd(GPS_IFD)
    except Exception:
        return None, None, None
    taken = _moment(
        detail.get(DATETIME_ORIGINAL) or exif.get(DATETIME), detail.get(OFFSET_ORIGINAL)
    )
    latitude = _degrees(gps.get(GPS_LAT), gps.get(GPS_LAT_REF), "S", 90)
    longitude = _degrees(gps.get(GPS_LON), gps.get(GPS_LON_REF), "W", 180)
    if latitude is None or longitude is None:
        latitude = longitude = None
    return taken, latitude, longitude


def _moment(text: Any, offset: Any) -> datetime.datetime | None:
    """EXIF's "YYYY:MM:DD HH:MM:SS", in its own offset when it gives one (cameras usually do
    not: the time is then read in the office's time zone)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.datetime.strptime(text.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str):
        try:
            zone = datetime.datetime.strptime(offset.strip("\x00 "), "%z").tzinfo
        except ValueError:
            zone = None
        if zone is not None:
            return moment.replace(tzinfo=zone)
    return moment


def _degrees(value: Any, ref: Any, negative: str, limit: int) -> Decimal | None:
    """Degrees, minutes and seconds (EXIF rationals) as decimal degrees to six places."""
    try:
        parts = [_exact(part) for part in value]
        if len(parts) != 3:
            return None
        degrees = parts[0] + parts[1] / 60 + parts[2] / 3600
    except (TypeError, ValueError, ArithmeticError):
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip("\x00 ").upper() == negative:
        degrees = -degrees
    if not degrees.is_finite() or abs(degrees) > limit:
        return None
    return degrees.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def _exact(part: Any) -> Decimal:
    numerator = getattr(part, "numerator", None)
    denominator = getattr(part, "denominator", None)
    if numerator is not None and denominator is not None:
        if denominator == 0:
            raise ZeroDivisionError
        return Decimal(int(numerator)) / Decimal(int(denominator))
    if isinstance(part, int):
        return Decimal(part)
    raise TypeError(part)
