"""A photo checked by decoding it: what it says of when and where it was taken, its thumbnail,
and every kind of file that is refused, each with its reason in Chinese."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from PIL import Image

from anju.photos.imaging import MAX_BYTES, Rejected, photo_checked
from pictures import jpeg, png, png_bomb, webp


def test_a_phone_photo_gives_its_time_place_and_an_upright_thumbnail() -> None:
    checked = photo_checked(jpeg(size=(400, 300), orientation=6), "IMG_0001.JPG")
    # orientation 6: the camera was turned, the picture is shown rotated a quarter turn
    assert (checked.kind, checked.width, checked.height) == ("jpeg", 300, 400)
    assert checked.taken_at == datetime.datetime(2017, 7, 14, 10, 32, 5)
    assert (checked.latitude, checked.longitude) == (Decimal("27.826900"), Decimal("99.706600"))
    thumbnail = Image.open(io.BytesIO(checked.thumbnail))
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (240, 320))


def test_south_and_west_are_negative_and_no_exif_means_no_time_or_place() -> None:
    south = photo_checked(jpeg(place=(-33.8568, -70.6483)), "santiago.jpeg")
    assert (south.latitude, south.longitude) == (Decimal("-33.856800"), Decimal("-70.648300"))
    bare = photo_checked(jpeg(taken=None, place=None), "scan.jpg")
    assert (bare.taken_at, bare.latitude, bare.longitude) == (None, None, None)


def test_png_with_transparency_and_webp_are_accepted() -> None:
    assert photo_checked(png(), "site.png").kind == "png"
    assert photo_checked(webp(), "site.webp").kind == "webp"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 not a photo at all", "report.jpg", "文件不是可以识别的照片"),
        (b"just text", "notes.txt", "只接受 JPEG（.jpg）、PNG（.png）或 WebP（.webp）格式的照片"),
        (jpeg(noisy=True)[:6000], "cut.jpg", "照片文件不完整或已损坏"),
        (png(), "site.jpg", "文件扩展名 .jpg 与内容（PNG）不符"),
        (png_bomb(), "bomb.png", "超过 40 百万像素的上限"),
        (png_bomb(8000), "wide.png", "超过 40 百万像素的上限"),
        (b"", "empty.jpg", "上传的文件是空的"),
        (b"\xff" * (MAX_BYTES + 1), "huge.jpg", "照片超过 10 MB 的上限"),
    ],
    ids=[
        "not-an-image",
        "wrong-type",
        "truncated",
        "wrong-extension",
        "png-bomb",
        "64-mpx",
        "empty",
        "big",
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_reason(
    data: bytes, name: str, message: str
) -> None:
    with pytest.raises(Rejected) as refused:
        photo_checked(data, name)
    assert message in str(refused.value)


def test_a_gif_is_refused_even_named_jpg() -> None:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(Rejected, match="文件不是可以识别的照片"):
        photo_checked(out.getvalue(), "a.jpg")
