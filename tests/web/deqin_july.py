"""德钦县's July report as the entry form posts it: its June figures carried into July where
they did not change, with a version and an action."""

from __future__ import annotations

DEQIN_JULY = "/r/533422/2017-07/"
JUNE = {
    "pg_started": "153",
    "jb_done": "0",
    "invest": "1260",
    "hbh_households": "153",
    "hbh_area": "17136",
    "gzf_built": "2180",
    "gzf_new": "34",
    "gzf_exit": "0",
    "gzf_occupied": "2074",
}


def form(version: int = 1, action: str = "save", note: str = "", **figures: str) -> dict[str, str]:
    data = {f"fig_{code}": value for code, value in {**JUNE, **figures}.items()}
    return {**data, "version": str(version), "action": action, "note": note}
