"""extract_page on portal pages: the body without chrome, lines, tables, metadata, links."""

from __future__ import annotations

import pytest

from scrapers.extract import BadDocument, extract_page
from scrapers.htmltext import MAX_DEPTH, limit_nesting, parse_html, render
from tests.conftest import DATA

PAGES = DATA / "pages"
URL = "https://www.qinghai.gov.cn/zwgk/xxgk/szfbgtwj/201902/t20190220_1.html"


@pytest.fixture(scope="module")
def page():
    return extract_page((PAGES / "qinghai_utf8.html").read_bytes(), url=URL)


def test_body_is_the_notice_from_heading_to_signature(page) -> None:
    lines = page.text.split("\n")
    assert lines[:4] == [
        "青海省人民政府办公厅",
        "关于成立省政府推进政府职能转变和",
        "“放管服”改革协调小组的通知",
        "青政办〔2019〕10号",
    ]
    assert lines[-3:] == ["青海省人民政府办公厅", "2019年2月14日", "（发至县人民政府）"]
    assert "（一）精简行政审批组。" in lines


@pytest.mark.parametrize(
    "chrome",
    [
        "走进青海",
        "当前位置",
        "索引号",
        "_hmt",
        "分享到",
        "打印本页",
        "相关文件",
        "网站标识码",
        "访问量",
        "搜索",
    ],
)
def test_portal_chrome_is_dropped(page, chrome: str) -> None:
    assert chrome not in page.text


def test_metadata_table_and_meta_tags(page) -> None:
    assert page.meta["索引号"] == "015000185/2019-00031"
    assert page.meta["发文字号"] == "青政办〔2019〕10号"
    assert page.meta["发布机构"] == "青海省人民政府办公厅"
    assert page.meta["成文日期"] == "2019-02-14"
    assert page.meta["发布日期"] == "2019-02-20"
    assert page.meta["PubDate"] == "2019-02-20 16:12"
    assert page.meta["ContentSource"] == "青海省人民政府办公厅"


def test_links_are_absolute(page) -> None:
    urls = {link.url: link.text for link in page.links}
    assert urls["https://www.qinghai.gov.cn/zwgk/xxgk/szfbgtwj/"] == "省政府办公厅文件"
    assert all(u.startswith("https://") for u in urls)
    assert not any(u.startswith("javascript:") for u in urls)
    assert page.attachments == []


def test_zoom_page_with_br_lines_and_attachments() -> None:
    data = (PAGES / "chongqing_zoom_gb2312.html").read_bytes()
    page = extract_page(data, url="http://www.cq.gov.cn/zwgk/zfxxgkml/szfwj/202001/t1.html")
    assert page.text.split("\n")[:4] == [
        "重庆市人民政府办公厅",
        "关于调整重庆市人民政府推进政府职能转变和",
        "“放管服”改革协调小组的通知",
        "渝府办发〔2020〕5号",
    ]
    assert page.text.endswith("重庆市人民政府办公厅\n2020年1月11日")
    assert "首页" not in page.text and "版权所有" not in page.text
    assert (
        page.title == "重庆市人民政府办公厅关于调整重庆市人民政府推进政府职能转变和“放管服”改革协调小组的通知"
    )
    assert [(a.url, a.name) for a in page.attachments] == [
        ("http://www.cq.gov.cn/upload/2020/P020200119.pdf", "协调小组成员名单.pdf"),
        ("http://www.cq.gov.cn/zwgk/zfxxgkml/szfwj/files/list.docx", "专题组名单"),
    ]
    assert page.meta["发布日期"] == "2020-01-19"


def test_table_rows_become_lines_and_cells_stay_apart() -> None:
    html = """<html><body><div class="TRS_Editor"><p>领导小组组成人员如下：</p>
    <table><tr><td>组长</td><td>张三</td><td>市长</td></tr>
    <tr><td><p>副组长</p></td><td>李四</td><td>副市长</td></tr></table></div></body></html>"""
    text = extract_page(html.encode()).text
    assert text.split("\n") == ["领导小组组成人员如下：", "组长\t张三\t市长", "副组长\t李四\t副市长"]


def test_densest_block_when_no_known_container() -> None:
    body = "".join(f"<p>第{i}条 成员单位要按照职责分工，认真落实各项工作任务。</p>" for i in range(12))
    links = "".join(f'<a href="/n{i}.html">栏目{i}</a>' for i in range(40))
    html = f"<html><body><div class='menu'>{links}</div><div class='wrap'><div class='x'>{body}</div></div>"
    html += "<div class='bottom'>地址：某某路1号 电话：0000</div></body></html>"
    text = extract_page(html.encode()).text
    assert text.startswith("第0条") and text.endswith("第11条 成员单位要按照职责分工，认真落实各项工作任务。")
    assert "栏目" not in text and "地址" not in text


def test_configured_content_selector_wins() -> None:
    html = """<html><body><div class="content">网站导航内容很多很多很多很多很多很多很多很多很多很多</div>
    <section class="doc-body"><p>关于成立某某领导小组的通知</p><p>组长：王五</p></section></body></html>"""
    page = extract_page(html.encode(), content_selector="section.doc-body")
    assert page.text == "关于成立某某领导小组的通知\n组长：王五"


def test_labels_in_li_form_with_spaced_labels() -> None:
    html = """<html><head><title>关于调整议事协调机构的通知_某某市人民政府</title></head><body>
    <ul class="xxgk"><li><b>索 引 号：</b><span>11330000/2021-00012</span></li>
    <li><b>文　　号：</b><span>某政办发[2021]3号</span></li>
    <li><b>发布机构：</b><span>某某市人民政府办公室</span></li>
    <li><b>成文日期：</b><span>2021年03月02日</span></li></ul>
    <div id="zoom"><p>各县（市、区）人民政府，市政府各部门：</p>
    <p>经市政府同意，现将有关事项通知如下。</p></div>
    </body></html>"""
    page = extract_page(html.encode())
    assert page.meta["索引号"] == "11330000/2021-00012"
    assert page.meta["发文字号"] == "某政办发[2021]3号"
    assert page.meta["发布机构"] == "某某市人民政府办公室"
    assert page.meta["成文日期"] == "2021年03月02日"
    assert page.title == "关于调整议事协调机构的通知"


def test_plain_text_is_kept_as_is() -> None:
    page = extract_page((PAGES / "qinghai_plain.txt").read_bytes())
    assert page.text.split("\n")[3] == "青海省人民政府办公厅"
    assert page.meta["发文字号"] == "青政办〔2019〕10号"
    assert page.title is None and page.links == []


def test_deeply_nested_markup_does_not_overflow() -> None:
    html = "<html><body>" + "<div>" * 5000 + "组长：张三" + "</div>" * 5000 + "</body></html>"
    assert "组长：张三" in extract_page(html.encode()).text


def _deepest(html: str) -> int:
    """How deep the last text node of the page sits in the parsed tree."""
    tree = parse_html(html)
    node = list(tree.root.traverse(include_text=True))[-1]
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth


@pytest.mark.parametrize("unit", ["<div>", "<div/>", "<ul><li>", "<span><b>", "<table><tr><td>"])
def test_deep_nesting_is_bounded_before_parsing_and_keeps_the_text(unit: str) -> None:
    # Tree building walks the open elements on each start tag: depth² (<div> × 200,000 took
    # 194 s). Nesting past MAX_DEPTH is flattened before the parser sees it.
    html = "<html><body>" + (unit + "组长") * 20_000 + "张三</body></html>"
    assert _deepest(html) <= 5 * MAX_DEPTH  # a <table> brings <tbody><tr><td>: 4 levels
    assert render(parse_html(html).root).count("组长") == 20_000  # no text lost
    assert extract_page(html.encode()).text.endswith("张三")


def test_flattening_leaves_ordinary_pages_alone() -> None:
    for path in PAGES.glob("*.htm*"):
        html = path.read_text("utf-8", "replace")
        assert limit_nesting(html) == html, path.name
    tricky = "<div><script>if (a<b) { '<div>'.repeat(9) }</script><!-- <div> --><p>x<p>y</div>"
    assert limit_nesting(tricky, max_depth=1) == tricky
    icons = "<div><svg>" + '<path d="M0"/>' * 400 + "</svg><span>z</span></div>"  # "/>" closes in SVG
    assert limit_nesting(icons, max_depth=3) == icons


def test_flattening_drops_deep_tags_and_their_end_tags_only() -> None:
    assert limit_nesting("<div><div><div>x</div>y</div>z</div>", max_depth=2) == "<div><div>xy</div>z</div>"
    assert limit_nesting("<b><i><u>x</u></i></b><i>y</i>", max_depth=1) == "<b>x</b><i>y</i>"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \r\n\t ", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "OLE"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml word/document.xml", "docx"),
        (b"PK\x03\x04\x14\x00" + bytes(100), "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (bytes(range(256)) * 10, "binary data"),
        (b"<html><body><script>var a=1;</script></body></html>", "no text"),
    ],
)
def test_bad_inputs_are_refused_with_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(BadDocument, match=message) as caught:
        extract_page(data)
    assert "\n" not in str(caught.value)


def test_too_large_input_is_refused_before_decoding() -> None:
    with pytest.raises(BadDocument, match=r"too large: 10\.0 MB \(limit 10 MB\)"):
        extract_page(b"a" * (10 * 1024 * 1024 + 1))


def test_read_notice_parses_attachment_text_but_keeps_the_page_metadata() -> None:
    from scrapers.notice import read_notice

    data = (PAGES / "qinghai_utf8.html").read_bytes()
    extra = "附件\n协调小组成员名单\n根据国发〔2020〕1号文件调整。\n2020年3月1日"
    record = read_notice(data, extra_text=extra)
    assert (record.doc_number, str(record.date)) == ("青政办〔2019〕10号", "2019-02-14")
    assert record.published is not None and str(record.published) == "2019-02-20"


def test_gov_cn_like_page_labels_without_colons_and_style_in_the_editor() -> None:
    html = """<html><head><meta charset="utf-8">
    <title>国务院办公厅关于成立某某领导小组的通知_政策_中国政府网</title></head>
    <body><div class="header">中国政府网 首页 | 简 | 繁 | EN</div>
    <table class="bd1"><tr><td><b>索&nbsp;引&nbsp;号</b></td><td>000014349/2019-00171</td>
    <td><b>主题分类</b></td><td>综合政务\\其他</td></tr>
    <tr><td><b>发文机关</b></td><td>国务院办公厅</td><td><b>成文日期</b></td><td>2019年10月30日</td></tr>
    <tr><td><b>标　　题</b></td><td colspan="3">国务院办公厅关于成立某某领导小组的通知</td></tr>
    <tr><td><b>发文字号</b></td><td>国办发〔2019〕38号</td><td><b>发布日期</b></td><td>2019年11月05日</td></tr></table>
    <div class="pages_content" id="UCAP-CONTENT">
    <div class="TRS_Editor"><style>.TRS_Editor P{margin:0}</style>
    <p>国办发〔2019〕38号</p><p>各省、自治区、直辖市人民政府：</p><p>经国务院同意，决定成立某某领导小组。</p>
    <p style="text-align:right">国务院办公厅</p><p style="text-align:right">2019年10月30日</p></div></div>
    <div class="footer">版权所有：中国政府网 | 关于我们</div></body></html>"""
    page = extract_page(html.encode())
    assert page.text.split("\n") == [
        "国办发〔2019〕38号",
        "各省、自治区、直辖市人民政府：",
        "经国务院同意，决定成立某某领导小组。",
        "国务院办公厅",
        "2019年10月30日",
    ]
    assert page.meta["发文字号"] == "国办发〔2019〕38号"
    assert page.meta["发布机构"] == "国务院办公厅"
    assert page.meta["成文日期"] == "2019年10月30日"
    assert page.meta["发布日期"] == "2019年11月05日"
    assert page.meta["索引号"] == "000014349/2019-00171"
    assert page.title == "国务院办公厅关于成立某某领导小组的通知"


def test_layout_table_page_takes_the_cell_with_the_text() -> None:
    nav = "".join(f"<tr><td><a href='/c{i}.html'>栏目{i}</a></td></tr>" for i in range(15))
    body = "<br>".join(f"第{i}项 各成员单位要按照职责分工抓好落实。" for i in range(10))
    html = f"""<html><body><table width="1000"><tr><td width="200"><table>{nav}</table></td>
    <td width="800"><span class="title">关于成立某某工作专班的通知</span><br>{body}</td></tr>
    <tr><td colspan="2">主办单位：某某县人民政府办公室 技术支持：某某公司</td></tr></table></body></html>"""
    page = extract_page(html.encode())
    assert page.text.startswith("关于成立某某工作专班的通知\n第0项")
    assert "栏目" not in page.text and "主办单位" not in page.text
    assert page.title == "关于成立某某工作专班的通知"


@pytest.mark.timeout(60)
def test_very_long_text_keeps_its_heading_and_signature() -> None:
    from scrapers.notice import MAX_TEXT_CHARS, read_notice

    head = "青海省人民政府办公厅关于成立某某领导小组的通知\n青政办〔2019〕10号\n各单位：\n"
    filler = "各成员单位要按照职责分工抓好落实。\n" * (MAX_TEXT_CHARS // 10)
    tail = "青海省人民政府办公厅\n2019年2月14日\n"
    record = read_notice((head + filler + tail).encode())
    assert (record.doc_number, str(record.date)) == ("青政办〔2019〕10号", "2019-02-14")
    assert record.title == "青海省人民政府办公厅关于成立某某领导小组的通知"


def test_attachment_named_in_a_download_query() -> None:
    html = """<html><body><div id="zoom"><p>领导小组成员名单见附件。</p>
    <p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2006121530412.pdf">成员名单</a></p>
    <p><a href="/art/2020/6/12/art_1.html">相关新闻</a></p></div></body></html>"""
    page = extract_page(html.encode(), url="http://www.zjtz.gov.cn/art/2020/6/12/art_2.html")
    assert [(a.url, a.name) for a in page.attachments] == [
        (
            "http://www.zjtz.gov.cn/module/download/downfile.jsp?classid=0&filename=2006121530412.pdf",
            "成员名单",
        )
    ]


def test_a_small_generic_content_block_does_not_hide_the_article() -> None:
    body = "".join(f"<p>第{i}条 领导小组办公室负责日常工作，各成员单位按职责分工落实。</p>" for i in range(8))
    html = f"""<html><body><div class="side"><div class="content">热点专题：营商环境优化提升行动</div></div>
    <div class="article">{body}</div></body></html>"""
    text = extract_page(html.encode()).text
    assert text.startswith("第0条") and "热点专题" not in text


def test_title_is_not_taken_from_a_list_of_other_notices() -> None:
    html = """<html><head><title>政府文件_某某市人民政府</title></head><body>
    <ul class="latest"><li><span class="title"><a href="/a.html">关于印发某某方案的通知</a></span></li></ul>
    <div class="detail"><h2 class="title">某某市人民政府办公室关于成立某某工作专班的通知</h2>
    <div id="zoom"><p>各县（市、区）人民政府：</p><p>经市政府同意，决定成立某某工作专班。</p></div></div>
    </body></html>"""
    assert extract_page(html.encode()).title == "某某市人民政府办公室关于成立某某工作专班的通知"


def test_a_standing_page_heading_naming_the_body_is_its_title() -> None:
    """An organisation page headed by the body's name, no 通知 wording (组长：… lines below)."""
    html = """<div class="title">某某市医疗保障局内部控制工作领导小组</div>
    <div class="TRS_Editor"><p>组长：杨荣  局长</p><p>副组长：蒙艳  副局长</p></div>"""
    assert extract_page(html.encode()).title == "某某市医疗保障局内部控制工作领导小组"


def test_open_graph_title_is_read() -> None:
    html = """<html><head><meta property="og:title" content="关于调整某某领导小组组成人员的通知">
    <title>首页</title></head>
    <body><div id="zoom"><p>各有关单位：现将调整后的名单通知如下。</p></div></body></html>"""
    page = extract_page(html.encode())
    assert page.title == "关于调整某某领导小组组成人员的通知"
    assert page.meta["og:title"] == "关于调整某某领导小组组成人员的通知"


def test_a_fragment_of_paragraphs_keeps_every_paragraph() -> None:
    """Saved fragments and bare pages write their paragraphs straight into the body: all of
    them are the text, not the longest one alone."""
    html = (
        "<div><p>关于成立某县防汛工作领导小组的通知</p></div>\n"
        "<p>组长：张三　县长</p>\n<p>副组长：李四　副县长</p>\n<p>成员：王五　县应急局局长</p>\n"
    ).encode()
    text = extract_page(html).text
    assert text.splitlines() == ["关于成立某县防汛工作领导小组的通知", "组长：张三\u3000县长",
                                 "副组长：李四\u3000副县长", "成员：王五\u3000县应急局局长"]  # fmt: skip


def test_a_bare_table_keeps_all_its_rows() -> None:
    rows = [("组长", "张三", "县长"), ("副组长", "李四", "副县长"), ("成员", "王五", "县应急局局长")]
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    html = f"<table>{cells}</table>"
    assert extract_page(html.encode()).text.splitlines() == ["\t".join(row) for row in rows]


def test_paragraphs_in_the_body_do_not_outweigh_the_article_container() -> None:
    paragraphs = "".join(f"<p>第{i}条：本站信息仅供参考，转载请注明出处。</p>" for i in range(3))
    article = "".join(f"<p>成员：{name}　县人民政府办公室副主任</p>" for name in "王赵钱孙周吴郑冯陈卫")
    html = f"<html><body>{paragraphs}<div class='wrap'><div>{article}</div></div></body></html>"
    assert extract_page(html.encode()).text.startswith("成员：王")
