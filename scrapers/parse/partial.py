"""Whether a notice states only some of a group's members (CONTRACT §1 `partial`).

The store applies a partial listing as a delta (additions and changes, no removals), so
a group is marked partial whenever the text shows it gives less than the composition:
- a list that ends in 等 (张三、李四等同志; 市委宣传部、网信办等为成员单位), unless a
  count follows (等12个部门: the count says the list is whole);
- a page cut off inside the group's list (the text ends there, mid-sentence);
- for the main body: a news or encyclopedia report (it summarises), an account (a text
  with nothing only a notice has: no heading 关于…的通知, number, addressees, enacting
  formula, plan heading or attachment list), no members at all (set up, composition not
  given here), or leaders only (no 成员/委员 named);
- not a page that ends on a whole list entry (a name and a post): the list ends there.
"""

from __future__ import annotations

import re

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import POST_ALT, UNIT_OFFICIAL_ALT
from store.records import Group

# a list's last words: 等, 等同志, 等单位分管负责同志, 等34家省级部门主要负责人 (a count that
# the list reaches closes it: 市发改委、市财政局等2个部门 is whole)
_ETC_RE = lazy_compile(
    r"等([0-9一二两三四五六七八九十]{1,3})?[个家名]?(?:省级|市级|县级|区级)?(?:同志|人|有关|相关|职能|单位|部门|成员单位|和|及|为)*"
    rf"(?:的)?(?:{UNIT_OFFICIAL_ALT})?(?:同志)?[ 。，；、）\n]*$"
)
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_REPORT_RE = lazy_compile(
    # "5月31日前报…" is a deadline in a notice, not a report's 日前
    # (日前 with its look behind after 日: a pattern opening with a look behind is tried at
    # every character, one opening with characters is scanned for them)
    r"新华社|本报讯|记者|[0-9一二三四五六七八九十]日电|据悉|近日|日(?<![0-9一二三四五六七八九十]日)前|"
    r"据[^，。\n]{0,12}报道|百科|"
    r"来源：[^\n]{0,10}(?:日报|晚报|新闻|报社|电视台|广播)"
)
_CLOSED_END = frozenset("。！？”）」》")
# a signing date or a date line closes a notice (2021年6月2日, 2023-03-15)
_NUM = r"[\d〇○一二三四五六七八九十]{1,3}"
_DATE_END_RE = lazy_compile(
    rf"(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})\s*[年./-]\s*{_NUM}\s*[月./-]\s*{_NUM}\s*日?$"
)
# a list entry on its own line: a name, a space, its post ("杨 红 省地税局总会计师")
_ENTRY_RE = lazy_compile(r"[\u4e00-\u9fff]{1,3}(?: [\u4e00-\u9fff])? +[\u4e00-\u9fff、（）]{2,30}")
_POST_END_RE = lazy_compile(f"(?:{POST_ALT})$")
MEMBER_ROLES = ("成员", "委员", "成员单位", "组员", "部门委员", "专家委员")


def _count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    tens, _, ones = text.partition("十")
    if "十" in text:
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0) if tens or ones else 10
    return _CN_DIGITS.get(text, 0)


def ends_with_etc(holders: str) -> bool:
    """Whether a list stops at 等 before naming everyone (its count, when given, not reached)."""
    tail = holders[-30:]
    if "等" not in tail or not (m := _ETC_RE.search(tail)):
        return False
    if m.group(1) is None:
        return True
    listed = holders.count("、") + holders.count("，") + 1
    return listed < _count(m.group(1))


# What only a notice has: its heading (关于…的通知), a document number, the formulas that
# enact it (现将…通知如下, 特此通知, 经研究决定), its addressees line (各…：).
_NOTICE_RE = lazy_compile(
    r"关于[^。\n《》]{2,120}的(?:通知|决定|批复|复函|函|意见|通报)(?![》”\"，,。、；])|〔(?:19|20)\d{2}〕|[\[［【](?:19|20)\d{2}[\]］】]\s*\d+\s*号|"
    r"通知如下|特此通知|特此函复|特此批复|经研究[，,]?决定|^各[^\n。]{1,80}：\s*$|"
    r"^[^\n。，]{2,60}(?:方案|办法|规定|细则|规则|章程)\s*$|"  # a plan's or rules' heading
    r"^附件\s*\d*\s*[：:]?\s*$|^[^\n。，]{2,60}(?:成员|人员|组成)名单\s*$",  # an attachment's list
    re.M,
)


def is_report(text: str) -> bool:
    """A news report or encyclopedia page about the notice, not the notice itself. A page
    that prints the notice whole (its number on its own line, its addressees) on a news
    site (来源：某某日报) is the notice."""
    return bool(_REPORT_RE.search(text)) and not _printed_whole(text)


# the notice's own number alone on its line, and its addressees' line (各…：)
_OWN_NUMBER_RE = lazy_compile(
    r"(?m)^[ \t\u3000]*[\u4e00-\u9fff]{1,12}[〔\[［(（](?:19|20)\d{2}[〕\]］)）]\s*\d{1,5}\s*号[ \t]*$"
)
_ADDRESSEES_RE = lazy_compile(r"(?m)^[ \t\u3000]*各[^\n。]{1,80}：[ \t]*$")


def _printed_whole(text: str) -> bool:
    head = text[:3000]
    return bool(_OWN_NUMBER_RE.search(head) and _ADDRESSEES_RE.search(head))


_ENCYCLOPEDIA_RE = lazy_compile(r"百科|维基|wiki|编辑\s*锁定|讨论(?:查看|检视)历史|参考资料|参考文献")


def mark_accounts(groups: list[Group], text: str, title: str | None = None) -> list[Group]:
    """In a text that tells of its bodies rather than enacting them (is_account), each main
    body's list is a summary: partial. Its office and sub-groups keep their own flag. A
    page headed by the body's own name (an organisation page: 某市…领导小组, then its
    composition) states the composition, not a summary of it."""
    if not any(g.parent is None and not g.partial for g in groups) or not is_account(text):
        return groups
    own_page = title and groups and groups[0].parent is None and title.replace(" ", "") == groups[0].name
    if own_page and not _ENCYCLOPEDIA_RE.search(text[:2000]):
        return groups
    return [g.model_copy(update={"partial": True}) if g.parent is None else g for g in groups]


def is_account(text: str) -> bool:
    """A text that tells of a body rather than enacting it (a report without a reporter's
    wording, a work summary, an organisation page): nothing only a notice has. What it
    says of the main body is a summary."""
    return not _NOTICE_RE.search(text[:20_000])


# The page's own buttons and stamps below a notice: 【打印】【关闭】, 打印本页 关闭窗口, 返回顶部.
_CHROME_LINE_RE = lazy_compile(
    r"\n[ \t]*(?:[【\[]?\s*(?:打印|关闭|返回|分享|收藏|顶部|字体|保存|纠错)[^\n]{0,30})$"
)
# "交通部办公厅  2003年4月24日印发": the footer's print line closes a notice too.
_PRINTED_RE = lazy_compile(r"\d{1,2}\s*日\s*(?:印发|印制|发)$")


# a document site's note that the preview stops: 本文档仅显示前一页, 全文预览已结束, 下载后查看全文
_PREVIEW_END_RE = lazy_compile(
    r"仅显示前|预览已结束|预览结束|下载后查看|查看全文|阅读全文|展开全文|未完待续|剩余\d+页"
)


def cut_off(text: str) -> bool:
    """The page stops mid-sentence (its last line does not close a sentence or a list).
    A last line that is a whole list entry, a name and a post ("张福坤 省统计局总统计师"),
    closes the list: the page ends with it. The page's buttons below do not count."""
    tail = text.rstrip()
    if _PREVIEW_END_RE.search(tail[-80:]):
        return True  # the site shows only the first page
    for _ in range(3):
        tail = _CHROME_LINE_RE.sub("", tail).rstrip()
    if _PRINTED_RE.search(tail[-12:]):
        return False
    if not tail or tail[-1] in _CLOSED_END or _DATE_END_RE.search(tail[-24:]):
        return False
    last = tail[-40:].rsplit("\n", 1)[-1]
    return not (_ENTRY_RE.fullmatch(last) and _POST_END_RE.search(last))


def leaders_only(roles: list[str]) -> bool:
    return not any(r in MEMBER_ROLES or r.endswith("成员") for r in roles) and not any(
        r == "委员" or (r.endswith("委员") and not r.endswith("主任委员")) for r in roles
    )


def mark_changed(groups: list[Group], changed: set[str]) -> list[Group]:
    """A personnel-change notice (其他成员不变) states only the posts it fills: each group it
    changes is a partial listing."""
    if not changed:
        return groups
    return [g.model_copy(update={"partial": True}) if g.name in changed else g for g in groups]
