"""Writing a set of files into a folder all together, or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from anju.errors import AnjuError


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file or none: each goes to a temporary name first, then all are renamed.

    A folder that is missing, not a folder or not writable is refused before anything is written.
    """
    if not folder.is_dir():
        raise AnjuError(f"输出目录“{folder}”不存在或不是目录")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AnjuError(f"输出目录“{folder}”不可写")
    temporary: list[Path] = []
    renamed: list[Path] = []
    try:
        for data in files.values():
            handle, name = tempfile.mkstemp(prefix=".anju-", dir=folder)
            temporary.append(Path(name))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        for source, target in zip(temporary, [folder / name for name in files], strict=True):
            source.replace(target)
            renamed.append(target)
        return renamed
    except OSError as error:
        # Take back this run's files, renamed or not: a set of files is whole or absent.
        for path in [*temporary, *renamed]:
            path.unlink(missing_ok=True)
        raise AnjuError(f"写入“{folder}”失败：{error.strerror}") from error
