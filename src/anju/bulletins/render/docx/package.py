"""The .docx package around the text: its properties, and bytes that repeat exactly."""

from __future__ import annotations

import datetime
import io
import zipfile

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE


def properties_set(
    doc: Document, *, title: str, author: str, subject: str, when: datetime.datetime
) -> None:
    properties = doc.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.language = "zh-CN"
    properties.subject = subject
    properties.comments = ""
    properties.created = when
    properties.modified = when
    properties.revision = 1
    # The blank template's thumbnail would show a stranger's page in file browsers.
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package_rels[rel_id]


def fixed_zip(data: bytes, when: datetime.date) -> bytes:
    """The same archive with every member stamped ``when``, so equal documents are equal
    bytes (zip entries otherwise carry the time of saving)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info))
    return out.getvalue()
