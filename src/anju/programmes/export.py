"""Writing a programme back to its definition file: the inverse of ``definition.read_programme``.

The output is the canonical form of the format: loading it and exporting again gives the same
text, byte for byte.
"""

from __future__ import annotations

from anju.programmes.models import Programme
from anju.programmes.selectors import programme_spec
from anju.programmes.spec import PROGRAMME_FORMAT, ProgrammeSpec
from anju.programmes.yamlio import dump_yaml


def programme_export(*, programme: Programme) -> str:
    return programme_text(programme_spec(programme))


def programme_text(spec: ProgrammeSpec) -> str:
    """The file: its type, then every part the programme says, leaving out the defaults."""
    return dump_yaml({"anju": PROGRAMME_FORMAT, **spec.file_form()})
