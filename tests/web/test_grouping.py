"""Thousands separators on pages: the engine's plain text, grouped for reading."""

from __future__ import annotations

from django.template import Context, Template
from django.test import SimpleTestCase

from anju.web.grouping import grouped


class GroupedTests(SimpleTestCase):
    def test_figures_get_separators_in_their_whole_part(self) -> None:
        self.assertEqual(grouped("16267.62"), "16,267.62")
        self.assertEqual(grouped("2294"), "2,294")
        self.assertEqual(grouped("1234567.125"), "1,234,567.125")
        self.assertEqual(grouped("-12345"), "-12,345")
        self.assertEqual(grouped(2844), "2,844")

    def test_small_figures_rates_and_blanks_stay_as_they_are(self) -> None:
        self.assertEqual(grouped("172"), "172")
        self.assertEqual(grouped("62.05%"), "62.05%")
        self.assertEqual(grouped(""), "")
        self.assertEqual(grouped(None), "")

    def test_a_figure_in_a_phrase_is_grouped_but_dates_and_words_are_not(self) -> None:
        self.assertEqual(grouped("还需开工 1575 套"), "还需开工 1,575 套")
        self.assertEqual(grouped("2017年7月"), "2017年7月")
        self.assertEqual(grouped("533422"), "533,422")  # a code is only grouped if passed in

    def test_the_template_filter_groups_what_it_is_given(self) -> None:
        page = Template("{% load anju_format %}{{ a|grouped }} / {{ b|grouped|default:'—' }}")
        self.assertEqual(page.render(Context({"a": "16267.62", "b": None})), "16,267.62 / —")
