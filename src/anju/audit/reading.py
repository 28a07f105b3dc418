"""Which reader a file needs, and the audit of a file: the thin entry the command and pages call."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from anju.audit.core import audit_document
from anju.audit.document import Document
from anju.audit.findings import AuditResult

FORMATS = (".txt", ".text", ".docx", ".xlsx", ".pdf", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read as a bulletin; the message says why, in Chinese."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("文本编码无法识别（应为 UTF-8 或 GB18030）")


def read_document(path: Path) -> Document:
    from anju.audit.readers.office import read_docx, read_xlsx
    from anju.audit.readers.text import read_text
    from anju.audit.readers.web import read_html, read_pdf

    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise Unreadable(
            f"不支持的文件类型“{suffix or '无扩展名'}”（支持 txt、docx、xlsx、pdf、html）"
        )
    if not path.is_file():
        raise Unreadable("文件不存在")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Unreadable("文件超过 50 MB")
        if suffix == ".docx":
            return read_docx(path)
        if suffix == ".xlsx":
            return read_xlsx(path)
        if suffix == ".pdf":
            return read_pdf(path)
        text = _decode(path.read_bytes())
        return (
            read_html(text, path.name)
            if suffix in (".html", ".htm")
            else read_text(text, path.name)
        )
    except Unreadable:
        raise
    except subprocess.TimeoutExpired as error:
        raise Unreadable("PDF 文字层读取超时") from error
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        raise Unreadable("无法读取 PDF 文字层（需要 poppler 的 pdftotext）") from error
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Unreadable(f"无法读取文件（{type(error).__name__}）") from error


def audit_file(path: Path) -> AuditResult:
    """Read a bulletin of any supported format and audit it; Unreadable when it cannot be read."""
    result = audit_document(read_document(path))
    result.name = str(path)
    return result
