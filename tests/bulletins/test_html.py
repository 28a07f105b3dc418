"""The demo bulletin as HTML: the fragment shown in the application and the standalone page."""

from __future__ import annotations

import base64
import dataclasses
import re

import pytest

from anju.bulletins.document import BulletinDocument, Figure, Paragraph
from anju.bulletins.render.html import STYLESHEET, render_html, render_html_fragment

pytestmark = pytest.mark.django_db


def page_text(document: BulletinDocument) -> str:
    return render_html(document).decode("utf-8")


def test_fragment_is_the_whole_bulletin(demo_document: BulletinDocument) -> None:
    html = render_html_fragment(demo_document)
    assert html.lstrip().startswith('<article class="bulletin draft"')
    assert html.rstrip().endswith("</article>")
    for text in (
        '<p class="issuer-mark">迪庆州保障性安居工程协调领导小组办公室</p>',
        '<p class="doc-number">迪庆安居办〔2017〕12号</p>',
        '<hr class="red-rule">',
        '<h1 class="doc-title">迪庆州保障性安居工程协调领导小组<br>'
        "办公室关于2017年6月全州城镇保障性<br>安居工程推进情况的通报</h1>",
        '<p class="recipients">各县（市、区）人民政府、管委会：</p>',
        '<h2 class="heading level-1">一、棚户区改造工作</h2>',
        "<li>3. 2017年各县市区公共租赁住房分配入住情况表</li>",
        # The date centred under the long signature, which keeps two characters from the edge.
        # (mr-8: 2 characters from the right edge; mr-34: 8.5 — classes, as the CSP allows).
        '<p class="signer mr-8">迪庆州保障性安居工程协调领导小组办公室</p>',
        '<p class="date mr-34">2017年7月5日</p>',
        '<span class="print-date">2017年7月5日印发</span>',
        "抄送：杨正义副州长，州委督查室",
    ):
        assert text in html
    # Scoped to the lines they place, so that ".bulletin p { margin: 0; }" does not undo them
    # (test_html_browser measures where they end up).
    css = STYLESHEET.read_text(encoding="utf-8")
    assert ".bulletin .signature .mr-8 { margin-right: 2em; }" in css
    assert ".bulletin .signature .mr-34 { margin-right: 8.5em; }" in css


def test_seed_sentences_are_printed(demo_document: BulletinDocument) -> None:
    html = render_html_fragment(demo_document)
    for sentence in (
        "全州城镇保障性安居工程开工2294套，开工率为61.58%",
        "货币化安置德钦县153户",
        "17136平方米",
        "其中：香格里拉市开工1241套，维西县开工900套，德钦县开工153套。",
    ):
        assert sentence in html


def test_tables_print_the_engines_texts(demo_document: BulletinDocument) -> None:
    html = render_html_fragment(demo_document)
    assert html.count('<section class="attachment') == 3
    assert '<section class="attachment landscape" id="attachment-3">' in html
    assert '<th scope="col" rowspan="2">县（市、区）</th>' in html
    assert '<th scope="col" colspan="4">总    任    务</th>' in html
    assert (
        '<tr><td class="unit">香格里拉市</td><td class="value">2000</td>'
        '<td class="value">1241</td><td class="value">62.05%</td><td class="rank">1</td></tr>'
    ) in html
    assert '<td class="value">61.20%</td>' in html
    assert '<td class="unit">开发区</td><td class="value"></td><td class="value">172</td>' in html
    assert '<td class="change">新增40套退出95套</td>' in html
    totals = re.findall(r'<tfoot>\s*<tr class="total">(.*?)</tr>', html)
    assert len(totals) == 3
    assert '<td class="value">61.58%</td>' in totals[0]
    assert '<td class="change">净增19套</td>' in totals[2]
    assert '<p class="footnote">注：开发区无下达任务，不参与排序。</p>' in html


def test_chart_is_embedded_not_linked(demo_document: BulletinDocument) -> None:
    figure = next(block for block in demo_document.body if isinstance(block, Figure))
    html = render_html_fragment(demo_document)
    match = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert match is not None
    assert base64.b64decode(match.group(1)) == figure.png
    assert f"<figcaption>{figure.caption}</figcaption>" in html


def test_user_text_is_escaped(demo_document: BulletinDocument) -> None:
    hostile = "<script>alert('x')</script> & <b>粗</b>"
    document = dataclasses.replace(
        demo_document,
        title=f"标题{hostile}",
        body=(*demo_document.body, Paragraph(hostile)),
    )
    for html in (render_html_fragment(document), page_text(document)):
        assert "<script>" not in html
        assert "<b>粗</b>" not in html
        assert (
            "<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;</p>"
            in html
        )


def test_draft_mark_only_on_a_draft(demo_document: BulletinDocument) -> None:
    assert '<p class="draft-mark">草稿</p>' in render_html_fragment(demo_document)
    issued = dataclasses.replace(demo_document, draft=False, number="")
    html = render_html_fragment(issued)
    assert "草稿" not in html
    assert 'class="doc-number"' not in html
    assert html.lstrip().startswith('<article class="bulletin"')


def test_standalone_page_needs_no_host(demo_document: BulletinDocument) -> None:
    data = render_html(demo_document)
    html = data.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-Hans">' in html
    assert '<meta charset="utf-8">' in html
    assert f"<title>{demo_document.title_text}</title>" in html
    for external in ("http://", "https://", 'src="//', "<link", "url(", "@import"):
        assert external not in html
    assert "开工率为61.58%" in html


def test_standalone_page_inlines_the_stylesheet(demo_document: BulletinDocument) -> None:
    html = page_text(demo_document)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style is not None
    css = style.group(1)
    # Inlined verbatim: an escaped quote (&quot;) would break the font names.
    assert '"仿宋_GB2312"' in css and '"Noto Serif CJK SC"' in css
    assert "&quot;" not in css
    assert "#FF0000" in css
    assert "@page" in css and "break-before: page" in css
