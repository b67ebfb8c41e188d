"""Metadata forms across their variants, each on text written for the test: portal header
blocks of many shapes, breadcrumbs, doc numbers, signatures and dates."""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text

_TITLE = "关于成立2019年安全生产工作领导小组的通知"
_BODY = (
    "\n各科室：\n为加强领导，经研究，决定成立某某工作领导小组。\n"
    "组  长：王建华  院长\n副组长：李  强  副院长\n\n某某县人民医院\n2019年3月2日\n"
)


@pytest.mark.parametrize(
    "head",
    [
        f"某某县人民医院\n首页 - 院务公开 - 正文\n{_TITLE}\n",
        f"某某县人民医院\n┃首页┃院务公开┃通知公告┃\n\n{_TITLE}\n",
        f"首页 » 院务公开 » 通知公告\n{_TITLE}\n发布时间：2019-03-05  浏览次数：120\n",
        f"当前位置：首页 / 通知公告 / 正文\n{_TITLE}\n【字体：大 中 小】\n",
        f"首页 > 通知公告 > {_TITLE}\n{_TITLE}\n",
        f"首页 → 新闻中心 → 通知公告\n{_TITLE}\n作者：办公室 | 发布日期：2019-03-05\n",
        f"首页｜院务公开｜通知公告\n{_TITLE}\n",
        f"某某县人民医院 Mouxian People's Hospital\n{_TITLE}\n",
        f"网站首页  >  信息公开  >  通知公告\n\n{_TITLE}\n\n时间：2019年03月05日 来源：院办\n",
        f"{_TITLE}\n（某医发〔2019〕12号）\n",
        f"{_TITLE}\n某某县人民医院(2019年12号)\n",
        f"【发文字号】某医发〔2019〕12号\n【成文日期】2019.03.02\n【发布日期】2019.03.05\n{_TITLE}\n",
        f"【标题】{_TITLE}\n",
        f"标  题：{_TITLE}\n",
    ],
)
def test_the_heading_under_any_breadcrumb_or_header_block(head: str) -> None:
    """A breadcrumb trail, a site's English name, a doc number or a header field on the
    lines about the heading are never joined to it; a heading may name a year."""
    assert parse_text(head + _BODY).title == _TITLE


_NOTICE = (
    "\n关于成立安全生产工作领导小组的通知\n\n各乡镇人民政府：\n"
    "为加强领导，经研究，决定成立某某县安全生产工作领导小组。\n组  长：王建华  县长\n\n"
)


@pytest.mark.parametrize(
    "head",
    [
        "索引号：11111/2019-00012\t主题分类：综合政务\n发布机构：某某县人民政府办公室\t发文日期：2019年03月02日\n"
        "文号：某政办发〔2019〕12号\t发布日期：2019-03-05\n",
        "索 引 号：11111/2019-00012\n发布机构：某某县人民政府办公室\n成文日期：2019-03-02\n"
        "发文字号：某政办发〔2019〕12号\n发布日期：2019-03-05\n",
        "索引号\n11111/2019-00012\n发布机构\n某某县人民政府办公室\n成文日期\n2019年03月02日\n"
        "文号\n某政办发〔2019〕12号\n发布日期\n2019年03月05日\n",
        "信息索引号：11111/2019-00012 | 发文机关：某某县人民政府办公室 | 发文字号：某政办发〔2019〕12号 | "
        "成文时间：2019-03-02 | 公开日期：2019-03-05\n",
        "【发文机关】某某县人民政府办公室\n【发文字号】某政办发〔2019〕12号\n【成文日期】2019.03.02\n"
        "【发布日期】2019.03.05\n",
    ],
)
def test_a_portal_header_block_in_any_shape(head: str) -> None:
    """Fields with or without colons, in 【】, on one line with tabs or bars, or with each
    value in the cell (line) under its name."""
    record = parse_text(head + _NOTICE)
    assert (record.issuer, record.doc_number) == ("某某县人民政府办公室", "某政办发〔2019〕12号")
    assert (str(record.date), str(record.published)) == ("2019-03-02", "2019-03-05")
