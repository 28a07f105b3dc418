"""Photos made for the tests: a phone's JPEG with its EXIF time, place and orientation, and
the hostile files a clerk's computer (or an attacker) might send instead."""

from __future__ import annotations

import io
import struct
import zlib
from fractions import Fraction
from typing import Any

from django.test import Client
from PIL import Image

EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def jpeg(
    *,
    size: tuple[int, int] = (400, 300),
    colour: tuple[int, int, int] = (40, 120, 200),
    taken: str | None = "2017:07:14 10:32:05",
    place: tuple[float, float] | None = (27.8269, 99.7066),  # 香格里拉 (north, east)
    orientation: int | None = None,
    noisy: bool = False,
) -> bytes:
    """``noisy``: a picture with detail in it, whose file is tens of kilobytes (a plain one
    is a few), so that cutting it short cuts into the picture."""
    image = Image.new("RGB", size, colour)
    if noisy:
        image = Image.merge("RGB", [Image.effect_noise(size, 60 + 20 * i) for i in range(3)])
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[0x9003] = taken
    if place:
        gps = exif.get_ifd(GPS_IFD)
        latitude, longitude = place
        gps[1], gps[2] = ("N" if latitude >= 0 else "S"), _dms(abs(latitude))
        gps[3], gps[4] = ("E" if longitude >= 0 else "W"), _dms(abs(longitude))
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=85)
    return out.getvalue()


def _dms(degrees: float) -> tuple[Fraction, Fraction, Fraction]:
    whole = int(degrees)
    minutes = (degrees - whole) * 60
    return (
        Fraction(whole),
        Fraction(int(minutes)),
        Fraction(round((minutes - int(minutes)) * 60 * 1000), 1000),
    )


def png(size: tuple[int, int] = (64, 48), mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else 0).save(out, "PNG")
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (50, 50), (10, 200, 10)).save(out, "WEBP")
    return out.getvalue()


def png_bomb(side: int = 20_000) -> bytes:
    """A PNG declaring side × side black pixels: tens of kilobytes that would unpack to
    hundreds of megabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def served(client: Client, url: str) -> Any:
    """A photo's response with its whole body read (and its file closed)."""
    response = client.get(url)
    response.body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    # The file closed, not the response: closing that would end the test's database session.
    for close in getattr(response, "_resource_closers", []):
        close()
    return response
