"""The progress chart (挂图作战): each unit's rate as a bar against the milestone lines."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import matplotlib

matplotlib.use("Agg")  # no display on a server

from matplotlib import font_manager
from matplotlib.figure import Figure

from anju.errors import AnjuError

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "FandolHei")
BAR_COLOUR = "#2f5d8a"
LINE_COLOURS = ("#d98c00", "#c00000", "#6a1b9a")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal  # the rate as the engine rounded it
    text: str  # the rate as printed, e.g. "62.05%"


@dataclass(frozen=True)
class Line:
    value: Decimal
    label: str  # e.g. "6月30日 60%"


@cache
def cjk_font() -> font_manager.FontProperties:
    for family in CJK_FAMILIES:
        try:
            path = font_manager.findfont(family, fallback_to_default=False)
        except ValueError:
            continue
        return font_manager.FontProperties(fname=path)
    raise AnjuError("缺少中文字体（Noto Sans CJK SC），请运行 make setup 安装字体")


def progress_chart(
    bars: Sequence[Bar], lines: Sequence[Line], *, title: str, width_mm: float, height_mm: float
) -> bytes:
    """A PNG of horizontal bars (largest on top) with a vertical line per milestone."""
    font = cjk_font()
    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
    axes = figure.add_subplot()
    ordered = list(reversed(bars))
    positions = range(len(ordered))
    axes.barh(positions, [float(b.value) for b in ordered], color=BAR_COLOUR, height=0.55)
    axes.set_yticks(list(positions), [b.label for b in ordered], fontproperties=font)
    top = max([float(b.value) for b in bars] + [float(line.value) for line in lines] + [100.0])
    for position, bar in zip(positions, ordered, strict=True):
        axes.text(
            float(bar.value) + top * 0.01,
            position,
            bar.text,
            va="center",
            fontproperties=font,
            fontsize=9,
        )
    for colour, line in zip(LINE_COLOURS, lines, strict=False):
        axes.axvline(float(line.value), color=colour, linestyle="--", linewidth=1.2)
        axes.text(
            float(line.value),
            len(ordered) - 0.4,
            line.label,
            color=colour,
            ha="center",
            va="bottom",
            fontproperties=font,
            fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    axes.set_xlim(0, top * 1.15)
    axes.set_ylim(-0.6, len(ordered) - 0.1)
    if title:
        axes.set_title(title, fontproperties=font, fontsize=12, pad=18)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_formatter("{x:.0f}%")
    figure.tight_layout()
    out = io.BytesIO()
    # No creation metadata, so the same figures always give the same bytes.
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
