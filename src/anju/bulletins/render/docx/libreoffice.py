"""The Word bulletin as LibreOffice sets it: the .docx converted to PDF headlessly.

Many offices open the bulletin in WPS or a LibreOffice-based suite. The tests read this PDF
back to check that the file lays out there as in Word, and the README shows a page of it.

The official typefaces are not free: the conversion sees them as the stand-ins the PDF
renderer uses (``pdf.FONT_ROLES``), through a private fontconfig file, so that LibreOffice
measures the same glyphs everywhere rather than whatever CJK font a machine falls back to.
Each conversion uses a profile of its own, so that conversions can run side by side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from anju.bulletins.render.docx.fonts import FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG
from anju.bulletins.render.pdf import font_dirs
from anju.errors import AnjuError

__all__ = ["LibreOfficeMissing", "libreoffice_pdf"]

# The official names the Word file asks for, and the free fonts standing in for them.
STAND_INS = {
    XIAOBIAOSONG: "Noto Serif CJK SC",
    FANGSONG: "FandolFang",
    HEITI: "Noto Sans CJK SC",
    KAITI: "FandolKai",
    SONGTI: "Noto Serif CJK SC",
}
TIMEOUT_SECONDS = 180


class LibreOfficeMissing(AnjuError):
    """LibreOffice (soffice) is not installed."""


HEAVY = (XIAOBIAOSONG,)  # one heavy face: its stand-in is set bold, as in the PDF
SYSTEM_CONF = "/etc/fonts/fonts.conf"  # the machine's rules for every other font


def _stand_in(name: str, font: str) -> str:
    bold = "<edit name='weight' mode='assign'><const>bold</const></edit>" if name in HEAVY else ""
    return (
        f"<match target='pattern'><test name='family'><string>{escape(name)}</string></test>"
        f"<edit name='family' mode='assign' binding='strong'><string>{escape(font)}</string>"
        f"</edit>{bold}</match>"
    )


def _fonts_conf(folder: Path) -> Path:
    dirs = "".join(f"<dir>{escape(path)}</dir>" for path in font_dirs())
    rules = "".join(_stand_in(name, font) for name, font in STAND_INS.items())
    path = folder / "fonts.conf"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<include ignore_missing='yes'>{SYSTEM_CONF}</include>{dirs}{rules}</fontconfig>",
        encoding="utf-8",
    )
    return path


def libreoffice_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice writes for ``docx``; raises ``LibreOfficeMissing``."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise LibreOfficeMissing("未安装 LibreOffice（soffice），请运行 make setup")
    with tempfile.TemporaryDirectory(prefix="anju-libreoffice-") as root:
        folder = Path(root)
        source = folder / "bulletin.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(_fonts_conf(folder)), "HOME": root}
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "out"),
                str(source),
            ],
            check=True,
            capture_output=True,
            env=env,
            timeout=TIMEOUT_SECONDS,
        )
        return (folder / "out" / "bulletin.pdf").read_bytes()
