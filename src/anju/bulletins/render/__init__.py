"""Renderers: one document model in, the bytes of one format out. None computes a figure."""

from __future__ import annotations

from collections.abc import Callable

from anju.bulletins.document import BulletinDocument

FORMATS = ("docx", "pdf", "xlsx", "html")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def renderer(fmt: str) -> Callable[[BulletinDocument], bytes]:
    # Imported on demand: a process that only needs HTML does not load typst or openpyxl.
    if fmt == "docx":
        from anju.bulletins.render.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from anju.bulletins.render.pdf import render_pdf

        return render_pdf
    if fmt == "xlsx":
        from anju.bulletins.render.xlsx import render_xlsx

        return render_xlsx
    if fmt == "html":
        from anju.bulletins.render.html import render_html

        return render_html
    raise ValueError(f"unknown format {fmt!r}")


def render_all(document: BulletinDocument, formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    return {fmt: renderer(fmt)(document) for fmt in formats}
