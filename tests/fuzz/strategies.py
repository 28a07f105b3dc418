"""Generated inputs: what careless clerks type and what attackers send."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

ELEMENTS = (
    "pg_task",
    "pg_started",
    "jb_done",
    "invest",
    "hbh_households",
    "hbh_area",
    "gzf_built",
    "gzf_new",
    "gzf_exit",
    "gzf_occupied",
)

# Digits of several scripts, separators of several traditions, exponents, signs.
DIGITISH = "0123456789０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲𝟎𝟏𝟗²³,._ 'eE+-．，٫"
NASTY = (
    "1e-999999999",
    "1E+999999999",
    "9" * 5000,
    "0." + "0" * 3000 + "1",
    "NaN",
    "-Infinity",
    "sNaN",
    "-0",
    "1300,5",
    "1,2,3,4",
    "12,34",
    "1_000",
    "５e３",
    "١٢٣",
    "𝟏𝟐𝟑",
    "\x00",
    "1\x001",
    "12,345.50",
    "１２，３４５．５",
    " 1241 ",
    "=1+1",
    "<script>alert(1)</script>",
)

figure_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=DIGITISH, max_size=24),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(max_size=40),
)

json_figure: st.SearchStrategy[Any] = st.one_of(
    figure_text,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)

element_code = st.one_of(st.sampled_from(ELEMENTS), st.text(max_size=12))

short_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["\x00", "a\x00b", "x" * 20000, "<b>x</b>", "=cmd|' /C calc'!A0"]),
)

number_text = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(["", "abc", "1e20", "-5", "0", "1.5", "\x00", "１２", "99999999999999999999"]),
    st.text(max_size=12),
)

date_text = st.one_of(
    st.dates().map(str),
    st.sampled_from(["", "2017-13-45", "2017-02-30", "0000-00-00", "2017/07/01", "\x00"]),
    st.text(max_size=12),
)

period_text = st.one_of(
    st.sampled_from(["2017-07", "2017-06", "2017-7", "2017-00", "2017-13", "0000-01", "9999-12"]),
    st.from_regex(r"\A\d{4}-\d{1,2}\Z"),
    st.text(max_size=10),
)
