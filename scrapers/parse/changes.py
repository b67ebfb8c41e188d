"""Personnel-change statements (CONTRACT §1 `changes`).

Each statement gives one change per (group reference, role): the removed and/or added
holders with the title written beside them. The families of phrasings read here:

- one leaving: 不再担任/不再兼任/免去…职务/…调离/退休 (the leaver may be named in the clause
  before: 张三同志（原镇长）调离，不再担任…); the post in a lead-in (成员中，张三不再担任);
- one added: 增补/增加/调入…为…, 委员：增补…, 由…担任 a seat (in a notice changing some posts);
- one for another: …，由…担任(post) / 接任 / 接替/替换/替代 … 担任 / 调整为 / 原…现… /
  (原为…) / （接替…） / …的…职务由…接任 / 其…职务由…担任;
- a seat emptied and one filled in one sentence are one change (`paired_in_sentences`);
- seats moved (…任A，不再担任B / 不再担任A，改任B / 由A调整为B); 继续担任 is no change;
- tables 职务 原任 现任 / 调整前 调整后 / 原成员 调整后成员 (— for nobody);
- headed rows (一、调出\n成员：… / 调出成员：…); member units added or dropped (…为成员单位).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import ROLE_ALT
from scrapers.parse.people import Post, is_unit, read_holders
from store.records import Change, Group

_POSTS = rf"[^，。；：\n]{{0,60}}?(?:{ROLE_ALT})"
_REPLACING = "接替|替换|替代|代替"
_REMOVE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<removed>[^，。；：\n]*?)(?:因[^，。；：\n]*[，,])?不再担任(?P<posts>{_POSTS})(?:职务)?"
    rf"(?:[，,。](?:改)?(?:其|该)?(?:{_POSTS})?(?:职务|职)?(?:改)?由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任)"
    rf"(?:{_POSTS})?(?:职务)?)?"
    r"(?=[，。；\n]|$)"
)
_ADD_RE = lazy_compile(rf"(?:增补|增加|补充)(?P<added>[^。；：]+?)为(?P<posts>{_POSTS})(?=[，。；\n]|$)")
# 委员：增补李四（市公安局副局长）、王五（…）: the role label, then the persons added
_LABEL_ADD_RE = lazy_compile(
    rf"(?:^|(?<=[，。；\n]))[ ]*(?P<posts>{_POSTS})[ ]*[：:][ ]*"
    r"(?:增补|新增|增加|补充)(?P<added>[^。；：\n]+)"
)
_POST_SPLIT_RE = lazy_compile(r"(兼(?:任)?|、|和|及)")
_ROLE_END_RE = lazy_compile(rf"^(.*?)({ROLE_ALT})$")
_SWAP_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>{_POSTS})由(?P<added>[^，。；]+?)(?:担任|兼任|接任)[，,]"
    rf"(?P<removed>[^，。；]+?)不再(?:担任|兼任)"
)
_DISMISS_RE = lazy_compile(
    rf"免去(?P<removed>[^，。；的]+?)(?:同志的|同志|的|所任)(?P<posts>{_POSTS})职务"
    rf"(?:[，,](?:改)?由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任)"
    rf"|[，,](?:任命|任)(?P<named>[^，。；]+?)为[^，。；]{{0,30}}?(?:{ROLE_ALT})(?:职务)?(?=[，。；\n]|$))?"
)
# 市防指办公室主任的职务由周九同志担任: a seat filled, nobody named as leaving
_SEAT_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>{_POSTS})的?职务(?:改)?由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任)"
    r"(?=[，。；\n]|$)"
)
# 主任：张三（县长）（原为李四） / 副主任：王五（原李四同志）: a list row naming who held the seat before
_FORMER_RE = lazy_compile(
    rf"(?:^|(?<=[，。；\n]))(?P<posts>{_POSTS})[：:](?P<added>[^，。；：\n（(]{{2,12}}?(?:[（(][^）)原]*[）)])?)"
    r"[，,]?[（(]原(?:为|由)?(?P<removed>[^）)，。]{2,12}?)(?:同志)?(?:担任|任)?[）)]"
)
# 增补李四为委员，王五为副主任: the clauses after the first 增补
_MORE_ADD_RE = lazy_compile(rf"[，、](?P<added>[^，。；：为]{{2,30}}?)为(?P<posts>{_POSTS})(?=[，。；\n]|$)")
# 李四同志（…）接任张三同志的市安委会委员职务
_TAKES_SEAT_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<added>[^，。；：\n]{{2,30}}?)接任(?P<removed>[^，。；：\n]{{2,8}}?)(?:同志)?"
    rf"(?:的|所任)(?P<posts>{_POSTS})(?:职务)?(?=[，。；\n]|$)"
)
# 李四同志任市安委会副主任，不再担任市安委会委员: one person moves from one seat to another
_MOVE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<person>[^，。；：\n]{{2,30}}?)(?:担任|任)(?P<posts>{_POSTS})[，,](?:同时)?"
    rf"不再(?:担任|兼任)(?P<old>{_POSTS})(?:职务)?(?=[，。；\n]|$)"
)
# 张三同志不再担任副组长，改任成员 / 张三同志由成员调整为副组长: one person moving seats
_MOVE_AFTER_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<person>[^，。；：\n]{{2,30}}?)(?:同志)?(?:因[^，。；：\n]*[，,])?"
    rf"不再(?:担任|兼任)(?P<old>{_POSTS})(?:职务)?[，,](?:改任|转任|改为|调整为)(?P<posts>{_POSTS})(?=[，。；\n]|$)"
)
_MOVE_FROM_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<person>[^，。；：\n由]{{2,30}}?)(?:同志)?由(?P<old>{_POSTS})"
    rf"(?:调整为|改任|转任|改为|调任)(?P<posts>{_POSTS})(?=[，。；\n]|$)"
)
# 王五同志为领导小组成员，替换原成员张三同志: the one replaced named after
_REPLACES_AFTER_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<added>[^，。；：\n]{{2,30}}?)(?:同志)?(?:担任|任|为)(?P<posts>{_POSTS})[，,]"
    rf"(?:{_REPLACING})(?:原(?:{ROLE_ALT})?)?(?P<removed>[^，。；：\n]{{2,12}}?)(?:同志)?(?=[，。；\n]|$)"
)
# 成员中，张三同志不再担任，由李四同志担任: the post named in a lead-in before the statements
_BARE_REMOVE_RE = lazy_compile(
    r"(?:^|(?<=[，。；：\n]))(?P<removed>[^，。；：\n]{2,30}?)(?:同志)?(?:因[^，。；：\n]*?[，,]?)?不再(?:担任|兼任)"
    r"(?:[，,](?:改)?由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任))?(?=[，。；\n]|$)"
)
_LEAD_IN_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>[^，。；：\n部对]{{0,20}}?(?:{ROLE_ALT}))(?:中|方面|作如下调整|调整如下)[，,：:]"
)
# member units added, dropped or replaced (成员 with `unit` set, CONTRACT §1):
# 增加县应急局为领导小组成员单位 / 县安监局不再作为成员单位 / 成员单位中的县安监局调整为县应急局
_UNIT_ADD_RE = lazy_compile(
    r"(?:增补|增加|补充|新增)(?P<added>[^，。；：\n为]{2,80}?)为(?P<gref>[^，。；：\n]{0,30}?)成员单位"
    r"(?=[，。；\n]|$)"
)
_UNIT_DROP_RE = lazy_compile(
    r"(?:^|(?<=[，。；：\n]))(?:[0-9一二三四五六七八九十]{1,2}[、.．])?(?P<removed>[^，。；：\n]{2,80}?)"
    r"不再(?:作为|列为|是|为)(?P<gref>[^，。；：\n]{0,30}?)成员单位(?=[，。；\n]|$)"
)
_UNIT_SWAP_RE = lazy_compile(
    r"(?P<gref>[^，。；：\n]{0,30}?)成员单位(?:中的|中)?(?P<removed>[^，。；：\n]{2,30}?)"
    r"(?:调整|变更|更改|更换)为(?P<added>[^，。；：\n]{2,30}?)(?=[，。；\n]|$)"
)
_UNIT_SPLIT_RE = lazy_compile(r"[、，,]|和|及")
_DATED_RE = lazy_compile(r"[ ]*(?:19|20)\d{2}年")
# 原市安委会副主任张三同志调离，由李四同志接任
_LEFT_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))原(?P<posts>{_POSTS})(?P<removed>[^，。；：\n]{{2,8}}?)(?:同志)?(?:因[^，。；]{{0,12}})?"
    rf"(?:调离|退休|调出|离任|辞职|调任[^，。；]{{0,20}})[，,](?:其|该)?(?:{_POSTS})?(?:职务)?由(?P<added>[^，。；]+?)"
    r"(?:担任|接任|兼任|继任)(?=[，。；\n]|$)"
)
# 区城管局局长沙明同志调离，其领导小组成员职务由接任的区城管局局长担任: the seat named after 其
_LEFT_SEAT_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<removed>[^，。；：\n]{{2,40}}?)(?:同志)?(?:因[^，。；]{{0,12}})?(?:已)?"
    rf"(?:调离|退休|调出|离任|辞职|工作调动|调任[^，。；]{{0,20}})[，,](?:其|该同志)?(?P<posts>{_POSTS})(?:职务)?"
    r"(?:改)?由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任)(?=[，。；\n]|$)"
)
# 麻秀峰同志（原镇长）调离，不再担任…: the one leaving named in the clause before 不再担任
_LEAVER_RE = lazy_compile(
    r"(?P<who>[^，。；：\n]{2,40}?)(?:因[^，。；：\n]{0,12})?(?:已)?(?:调离|退休|调出|离任|辞职|调任[^，。；：\n]{0,20})$"
)
# 增补李四为成员，并兼任办公室主任: the one just added takes a second seat
_ALSO_HOLDS_RE = lazy_compile(rf"[，,](?:并|同时|并同时)?兼任(?P<posts>{_POSTS})(?:职务)?(?=[，。；\n]|$)")
# 省旅游委主任由邢福荣同志接替陈思远同志担任领导小组成员: the successor's post written first
_SUCCEED_BY_POST_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<title>[^，。；：\n由]{{2,20}})由(?P<added>[^，。；：\n]{{2,12}}?)(?:同志)?"
    rf"(?:{_REPLACING})(?P<removed>[^，。；：\n]{{2,12}}?)(?:同志)?(?:担任|任|为)(?P<posts>{_POSTS})(?=[，。；\n]|$)"
)
# 原成员杜长庚（副司长）调整为一级巡视员，继续担任领导小组成员: the holder stays, under a new post
_KEEPS_SEAT_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<person>[^，。；：\n（(]{{2,30}}?)(?:同志)?(?:[（(][^）)]*[）)])?"
    rf"(?:(?:职务)?(?:调整为|改任|调任|任)(?P<title>[^，。；：\n]{{2,30}}?)[，,](?:并)?)?"
    rf"(?:继续|仍然|仍)(?:担任|兼任)(?P<posts>{_POSTS})(?:职务)?(?=[，。；\n]|$)"
)
_STAYS_RE = lazy_compile(r"(?:继续|仍然|仍|依然|照常)$")  # 继续担任领导小组成员: no change
_NEWLY_RE = lazy_compile(r"^新任")
# 不再担任委员的同志：张三、赵六
_NO_LONGER_LIST_RE = lazy_compile(
    rf"不再(?:担任|兼任)(?P<posts>{_POSTS})(?:职务)?的(?:同志|人员)(?:有|为)?[：:](?P<removed>[^。；\n]+)"
)
# 一、增补\n委员：李四（…）、王五（…） / 二、不再担任\n委员：张三: a heading, then label rows
_ROWS_HEAD_RE = lazy_compile(
    r"^[ ]*(?:(?P<add>增补|新增|增加|补充|调入)|(?P<drop>不再担任|免去|减少|调出|退出))"
    r"(?:的)?(?:人员|成员|同志|组成人员)?(?:名单)?(?:如下)?[：:]?[ ]*\n"
)


def rows_heading(header: str) -> str:
    """A numbered heading that says what the rows under it do (一、调出 / （二）增补人员), as the
    line to read them with; else ""."""
    line = header.strip() + "\n"
    return line if _ROWS_HEAD_RE.match(line) else ""


_HEAD_ROW_RE = lazy_compile(rf"(?m)^[ ]*(?P<posts>{_POSTS})[ ]*[：:](?P<holders>[^\n：]+)$")
# a table of seats with the old and the new holder: 职务 原任 现任 / 序号 职务 原任人员 调整后人员 单位及职务
_SWAP_TABLE_HEAD_RE = lazy_compile(
    r"(?m)^[^\n。，；：]*原(?:任|职)?[^\n。，；：]* (?:现任|新任|调整|拟任|接任|继任)[^\n。，；：]*$"
    r"|^[^\n。，；：]*(?:调整|变动|变更|调)前[^\n。，；：]* (?:调整|变动|变更|调)后[^\n。，；：]*$"
)
# 张立国（区长）杨茂（区长）: two cells the page's tab no longer separates
_GLUED_CELL_RE = lazy_compile(r"(?<=[）)])(?=[^\s（(，、）)])")
_SWAP_ROLE_RE = lazy_compile(rf"^(?:{_POSTS})$")
# 领导小组办公室主任由徐建中同志兼任 (in a notice that changes only some posts)
SEAT_BY_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>{_POSTS})(?:改)?由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任)"
    r"(?=[，。；\n]|$)"
)
# 王五同志任市安委会副主任 (in a notice that changes only some posts)
SEATED_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<added>[^，。；：\n]{{2,30}}?)(?:同志(?:担任|任)|担任)(?P<posts>{_POSTS})"
    r"(?=[，。；\n]|$)"
)
_POST_PREFIX_RE = lazy_compile(rf"^(?:原任?(?:{ROLE_ALT})|新任)")  # 原副指挥长李四 / 由新任局长担任
_REASON_RE = lazy_compile(r"(?:因|由于)[^，。；]*$")  # 张三同志因工作调动（不再担任…）
# 组长由许峰同志调整为方力同志 / 成员杨晓光同志（市住建局局长）调整为顾伟同志（…）
_REPLACE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>{_POSTS})(?:由)?(?P<removed>[^，。；：]+?(?:同志)?(?:（[^）]*）)?)"
    rf"(?:调整|变更|更换)为(?P<added>[^，。；：]+?(?:同志)?(?:（[^）]*）)?)(?=[，。；\n]|$)"
)
# 副组长：原张三，现调整为李四（副县长） / 成员：王五调整为赵六（…）: a labelled row of one seat
_LABEL_REPLACE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；\n]))[ ]*(?P<posts>{_POSTS})[ ]*[：:][ ]*"
    r"(?:原(?:为|由)?(?P<removed>[^，。；：\n]+?)[，,]?现(?:调整为|变更为|更换为|为|由)?"
    r"|(?P<removed2>[^，。；：\n]+?)(?:调整|变更|更换)为)"
    r"(?P<added>[^，。；：\n]+?)(?:担任)?(?=[，。；\n]|$)"
)
# 李四同志接替张三同志任指挥长
_SUCCEED_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<added>[^，。；：\n]{{2,30}}?)(?:同志)?(?:{_REPLACING})(?P<removed>[^，。；：\n]{{2,12}}?)"
    rf"(?:同志)?(?:担任|任|为)(?P<posts>{_POSTS})(?=[，。；\n]|$)"
)
# 副组长：王五（副县长，接替张三） / 李四同志任副组长（替代张三同志）: whom he replaces, in brackets
_REPLACES_NOTE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；\n]))[ ]*(?:(?P<posts>{_POSTS})[：:](?P<added>[^，。；：\n（(]{{2,12}}?)"
    rf"|(?P<added2>[^，。；：\n]{{2,30}}?)(?:同志)?(?:担任|任)(?P<posts2>{_POSTS}))"
    rf"[（(](?:(?P<title>[^）)，,]{{2,30}}?)[，,])?(?:{_REPLACING})(?P<removed>[^）)，。]{{2,12}}?)(?:同志)?[）)]"
)
# 组长由县长王五同志担任（原组长张三同志因工作调动不再担任）
_SEAT_NOTE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>{_POSTS})由(?P<added>[^，。；（(]+?)(?:担任|接任|兼任|继任)"
    rf"[（(]原(?:{_POSTS})?(?P<removed>[^）)，。]{{2,12}}?)(?:同志)?(?:因[^）)]{{0,12}})?不再(?:担任|兼任)[）)]"
)
# 张三同志的领导小组副组长职务由李四同志接任
_WHOSE_SEAT_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<removed>[^，。；：\n的]{{2,12}}?)(?:同志)?的(?P<posts>{_POSTS})职务(?:改)?"
    rf"由(?P<added>[^，。；]+?)(?:担任|接任|兼任|继任)(?=[，。；\n]|$)"
)
# 调出成员：张三（…） / 调入成员：李四（…）: a verb and a role label, then the persons
_VERB_LABEL_RE = lazy_compile(
    rf"(?m)^[ ]*(?:(?P<add>调入|新增|增补|增加|补充)|(?P<drop>调出|减少|退出|免去|不再担任))(?:的)?"
    rf"(?P<posts>{_POSTS})(?:名单)?[ ]*[：:](?P<holders>[^\n]+)$"
)
# 委员赵一同志因退休不再担任 (the role first, 不再担任 with nothing after it)
_ROLE_FIRST_REMOVE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<posts>{_POSTS})(?P<removed>[^，。；：\n]+?)[，,]?不再(?:担任|兼任)(?=[，。；\n]|$)"
)
# 张三同志任指挥长，李四同志不再担任: the new holder's post first, the old one's after
_TAKEOVER_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))(?P<added>[^，。；：\n]{{2,40}}?)(?:同志)?(?:担任|任)(?P<posts>{_POSTS})[，,]"
    rf"(?P<removed>[^，。；：\n]{{2,12}}?)(?:同志)?不再(?:担任|兼任)(?:该职务|此职务|该职|{_POSTS})?(?:职务)?"
    r"(?=[，。；\n]|$)"
)
# The words of a change, in parts: one pattern of all of them tried every branch at every
# character; the parts of plain words let sre scan for their first characters, the others run
# only when the characters they need are in the text, and \S*+ does not backtrack (a shorter
# run is followed by no space). tests/parse/test_speed_paths.py checks them against the one.
_TRIGGER_WORDS_RE = lazy_compile(
    r"不再担任|不再兼任|增补|免去|调整为|变更为|更换为|接替|职务由|[（(]原|接任|替换|替代|代替"
)
_TRIGGER_LINE_RE = lazy_compile(r"(?m)^[ ]*(?:新增|增加|减少|调出|退出|调入)")
_TRIGGER_WAS_NOW_RE = lazy_compile(
    r"原(?:任|职)?\S*+ (?:现任|新任|调整|拟任|接任|继任)|[：:][ ]*原[^，。；\n]{1,20}[，,]?现"
)
_TRIGGER_BEFORE_AFTER_RE = lazy_compile(r"(?:调整|变动|变更|调)前\S*+ (?:调整|变动|变更|调)后")
_TRIGGER_UNITS_RE = lazy_compile(
    r"成员单位中|(?:增补|增加|补充|新增)[^，。；：\n]{0,80}为[^，。；：\n]{0,30}成员单位"
    r"|不再(?:作为|列为|是)[^，。；：\n]{0,30}成员单位"
)


def has_trigger(text: str) -> bool:
    """Whether `text` holds a word of a personnel change: 不再担任, 原任…　现任…, 调整前… 调整后…"""
    # each regex only where a character its words need is in the text (a cheap substring test)
    words = "不再" in text or "增补" in text or "免去" in text or "为" in text or "接" in text
    words = words or "职务由" in text or "原" in text or "替" in text
    lines = "增" in text or "减少" in text or "出" in text or "调入" in text
    return bool(
        (words and _TRIGGER_WORDS_RE.search(text))
        or (lines and _TRIGGER_LINE_RE.search(text))
        or ("原" in text and _TRIGGER_WAS_NOW_RE.search(text))
        or ("前" in text and " " in text and _TRIGGER_BEFORE_AFTER_RE.search(text))
        or ("成员单位" in text and _TRIGGER_UNITS_RE.search(text))
    )


class ChangeStatement(NamedTuple):
    gref: str
    role: str
    removed: Post | None
    added: Post | None
    source: str
    kept: bool = False  # 继续担任: the holder stays in the seat (a member, no change)


def _posts(text: str) -> list[tuple[str, str]]:
    """(group reference, role) of each post in 市防指副总指挥、市防指办公室主任 / 副主任兼办公室主任.

    A piece that ends in no role word belongs to the next (市委、市政府主任 stays whole).
    """
    out = []
    carry = ""
    pieces = _POST_SPLIT_RE.split(text)
    for i in range(0, len(pieces), 2):
        m = _ROLE_END_RE.match((carry + pieces[i]).strip())
        if m:
            out.append((m.group(1), m.group(2)))
            carry = ""
        elif i + 1 < len(pieces) and not pieces[i + 1].startswith("兼"):
            carry += pieces[i] + pieces[i + 1]
    # 国务院X委员会副主任兼办公室主任: the office is the body's named before it
    for k in range(1, len(out)):
        body = out[k - 1][0]
        if out[k][0] == "办公室" and body and not body.endswith("办公室"):
            out[k] = (body + "办公室", out[k][1])
    return out


def _holders(text: str | None) -> list[Post]:
    if not text or text.strip() in ("—", "-", "/", "无"):
        return []
    text = _REASON_RE.sub("", text).strip()
    if _NEWLY_RE.match(text):  # 新任镇长田茂林同志: the post as written; 由新任局长担任: the post
        named = [p for p in read_holders(text)[0] if p.person]
        if named:
            return named
    text = _POST_PREFIX_RE.sub("", text)
    return [p for p in read_holders(text)[0] if p.person or p.unit]


def _free(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return all(span[1] <= a or span[0] >= b for a, b in spans)


def _paired(
    gref: str, role: str, removed: list[Post], added: list[Post], source: str
) -> list[ChangeStatement]:
    """One change per new holder (the first replaces the one removed), else one per removal."""
    if added and len(removed) <= 1:
        return [
            ChangeStatement(gref, role, removed[0] if removed and i == 0 else None, a, source)
            for i, a in enumerate(added)
        ]
    return [ChangeStatement(gref, role, r, None, source) for r in removed]


def _swap_table(body: str) -> tuple[list[ChangeStatement], list[tuple[int, int]]]:
    """职务 原任 现任 / 副主任 张三 李四（副县长）: one change per row (a blank role cell
    keeps the role of the row above)."""
    head = _SWAP_TABLE_HEAD_RE.search(body)
    if head is None:
        return [], []
    cols = head.group().split()
    old = next((i for i, c in enumerate(cols) if c.startswith("原") or c.endswith("前")), None)
    new = next(
        (
            i
            for i, c in enumerate(cols)
            if i != old and (c.startswith(("现", "新", "调整", "拟", "接", "继")) or c.endswith("后"))
        ),
        None,
    )
    role_col = next(
        (i for i, c in enumerate(cols) if "职" in c and "单位" not in c and i not in (old, new)), None
    )
    if old is None or new is None or role_col is None:
        return [], []
    number = cols[0] == "序号"
    # a column after the new holder's that gives his post (单位及职务), not a note (备注)
    title_col = next((i for i in range(new + 1, len(cols)) if "职" in cols[i] or "单位" in cols[i]), None)
    needed = max(old, new, role_col) + 1
    out: list[ChangeStatement] = []
    end, role = head.end(), ""
    for row in body[head.end() :].split("\n")[1:]:
        cells = row.split()
        if len(cells) < len(cols):
            cells = [piece for c in cells for piece in _GLUED_CELL_RE.split(c)]
        if number and not (cells and cells[0].isdigit()):
            cells = ["", *cells]  # the number cell left blank
        if len(cells) == len(cols) - 1 and not _SWAP_ROLE_RE.match(cells[role_col]) and role:
            cells.insert(role_col, role)  # a blank role cell
        if needed <= len(cells) < len(cols):
            cells += [""] * (len(cols) - len(cells))  # the last cells (备注) left blank
        if len(cells) > len(cols) and len(cols) > needed:
            cells[len(cols) - 1 :] = [" ".join(cells[len(cols) - 1 :])]  # a note with a space in it
        if len(cells) != len(cols) or not _SWAP_ROLE_RE.match(cells[role_col]):
            break
        role = cells[role_col]
        removed, added = _holders(cells[old]), _holders(cells[new])
        title = cells[title_col] or None if title_col is not None else None
        if added and title and added[0].title is None:
            added = [added[0]._replace(title=title)]
        for gref, r in _posts(role):
            out.append(
                ChangeStatement(gref, r, removed[0] if removed else None, added[0] if added else None, row)
            )
        end += len(row) + 1
    return (out, [(head.start(), end)]) if out else ([], [])


def _one_for_one(
    matches: list[re.Match[str]], spans: list[tuple[int, int]], out: list[ChangeStatement]
) -> None:
    """Statements that put one named holder in another's place (the first of each side), for
    the posts they name; a match over text already read, or missing a side, says nothing."""
    for m in matches:
        removed, added = _holders(m.group("removed")), _holders(m.group("added"))
        if not (removed and added) or not _free(m.span(), spans):
            continue
        for gref, role in _posts(m.group("posts")):
            out.append(ChangeStatement(gref, role, removed[0], added[0], m.group()))
        spans.append(m.span())


def change_statements(
    body: str, *, seats: bool = False
) -> tuple[list[ChangeStatement], list[tuple[int, int]]]:
    """The change statements of a segment, and the spans of text they used.

    The patterns are tried fullest first; a match inside text an earlier one used is
    skipped (原副指挥长李四同志不再担任 inside 王三同志任副指挥长，原副指挥长李四同志不再担任).
    """
    out, spans = _swap_table(body)
    for m in _KEEPS_SEAT_RE.finditer(body):  # …调整为一级巡视员，继续担任成员
        person = _holders(m.group("person"))
        if not person or not person[0].person or not _free(m.span(), spans):
            continue
        held = Post(person[0].person, m.group("title") or person[0].title)
        out.extend(
            ChangeStatement(g, r, None, held, m.group(), kept=True) for g, r in _posts(m.group("posts"))
        )
        spans.append(m.span())
    if head := _ROWS_HEAD_RE.match(body):
        for row in _HEAD_ROW_RE.finditer(body, head.end()):
            for gref, role in _posts(row.group("posts")):
                for h in _holders(row.group("holders")):
                    new, old = (h, None) if head.group("add") else (None, h)
                    out.append(ChangeStatement(gref, role, old, new, row.group()))
            spans.append(row.span())
        if spans:
            spans.insert(0, head.span())
    moves = [*_MOVE_RE.finditer(body), *_MOVE_AFTER_RE.finditer(body), *_MOVE_FROM_RE.finditer(body)]
    for m in moves:  # 李四任副主任，不再担任委员 / 李四不再担任副主任，改任委员 / 李四由委员调整为副主任
        if not _free(m.span(), spans):
            continue
        person = _holders(m.group("person"))
        if not person:
            continue
        for gref, role in _posts(m.group("posts")):
            out.append(ChangeStatement(gref, role, None, person[0], m.group()))
        for gref, role in _posts(m.group("old")):
            out.append(ChangeStatement(gref, role, Post(person[0].person, None), None, m.group()))
        spans.append(m.span())
    for m in _NO_LONGER_LIST_RE.finditer(body):  # 不再担任委员的同志：张三、赵六
        for gref, role in _posts(m.group("posts")):
            out.extend(ChangeStatement(gref, role, r, None, m.group()) for r in _holders(m.group("removed")))
        spans.append(m.span())
    # 原…张三调离，由李四接任
    _one_for_one(
        [
            *_LEFT_RE.finditer(body),
            *_LEFT_SEAT_RE.finditer(body),
            *_TAKES_SEAT_RE.finditer(body),
            *_TAKEOVER_RE.finditer(body),  # 李四任组长，张三不再担任(组长)
            *_REPLACES_AFTER_RE.finditer(body),  # 李四为成员，替换原成员张三
            *_WHOSE_SEAT_RE.finditer(body),  # 张三同志的副组长职务由李四同志接任
            *_SEAT_NOTE_RE.finditer(body),  # 组长由李四担任（原组长张三不再担任）
        ],
        spans,
        out,
    )
    for m in _REPLACES_NOTE_RE.finditer(body):  # 副组长：王五（副县长，接替张三）
        removed, added = _holders(m.group("removed")), _holders(m.group("added") or m.group("added2"))
        if not (removed and added) or not _free(m.span(), spans):
            continue
        new = (
            added[0] if added[0].title or not m.group("title") else added[0]._replace(title=m.group("title"))
        )
        for gref, role in _posts(m.group("posts") or m.group("posts2")):
            out.append(ChangeStatement(gref, role, removed[0], new, m.group()))
        spans.append(m.span())
    for m in _VERB_LABEL_RE.finditer(body):  # 调出成员：张三（…） / 调入成员：李四（…）
        if not _free(m.span(), spans):
            continue
        for gref, role in _posts(m.group("posts")):
            for h in _holders(m.group("holders")):
                new, gone = (h, None) if m.group("add") else (None, h)
                out.append(ChangeStatement(gref, role, gone, new, m.group()))
        spans.append(m.span())
    for m in _SUCCEED_BY_POST_RE.finditer(body):  # 省旅游委主任由邢福荣接替陈思远担任成员
        removed, added = _holders(m.group("removed")), _holders(m.group("added"))
        if not (removed and added) or not _free(m.span(), spans):
            continue
        new = added[0] if added[0].title else added[0]._replace(title=m.group("title"))
        for gref, role in _posts(m.group("posts")):
            out.append(ChangeStatement(gref, role, removed[0], new, m.group()))
        spans.append(m.span())
    for m in _REMOVE_RE.finditer(body):
        if not _free(m.span(), spans):
            continue
        removed, added = _holders(m.group("removed")), _holders(m.group("added"))
        span = m.span()
        if not m.group("removed").strip() and (leaver := _leaver(body, m.start())):
            removed, span = leaver[0], (leaver[1], m.end())  # 麻秀峰同志（…）调离，不再担任副组长
        posts = _posts(m.group("posts"))
        if len(removed) == len(posts) > 1 and not added:  # 张三、李四不再担任组长、副组长: respectively
            out.extend(
                ChangeStatement(g, r, p, None, m.group()) for (g, r), p in zip(posts, removed, strict=True)
            )
            posts = []
        for gref, role in posts:
            out.extend(_paired(gref, role, removed, added, body[span[0] : span[1]]))
        spans.append(span)
    for m in _SWAP_RE.finditer(body):  # 办公室主任由李四兼任，张三不再兼任
        if not _free(m.span(), spans):
            continue
        removed, added = _holders(m.group("removed")), _holders(m.group("added"))
        for gref, role in _posts(m.group("posts")):
            for i, a in enumerate(added):
                out.append(
                    ChangeStatement(gref, role, removed[0] if removed and i == 0 else None, a, m.group())
                )
        spans.append(m.span())
    for m in _DISMISS_RE.finditer(body):  # 免去王五同志的市安委会委员职务(，由李四接任 / ，任命李四为…)
        if not _free(m.span(), spans):
            continue
        added = _holders(m.group("added") or m.group("named"))
        removed = _holders(m.group("removed"))
        for gref, role in _posts(m.group("posts")):
            if len(removed) > 1:
                out.extend(
                    ChangeStatement(gref, role, r, added[0] if added and i == 0 else None, m.group())
                    for i, r in enumerate(removed)
                )
            else:
                out.extend(_paired(gref, role, removed, added, m.group()))
        spans.append(m.span())
    # One holder for another: 组长由张三调整为李四; 李四任组长，张三不再担任; 李四接替张三任组长
    _one_for_one([*_REPLACE_RE.finditer(body), *_SUCCEED_RE.finditer(body)], spans, out)
    for m in _LABEL_REPLACE_RE.finditer(body):  # 副组长：原张三，现调整为李四（副县长）
        removed = _holders(m.group("removed") or m.group("removed2"))
        added = _holders(m.group("added"))
        if not (removed and added) or not _free(m.span(), spans):
            continue
        for gref, role in _posts(m.group("posts")):
            out.append(ChangeStatement(gref, role, removed[0], added[0], m.group()))
        spans.append(m.span())
    for m in _ROLE_FIRST_REMOVE_RE.finditer(body):
        if not _free(m.span(), spans):
            continue
        for gref, role in _posts(m.group("posts")):
            for r in _holders(m.group("removed")):
                out.append(ChangeStatement(gref, role, r, None, m.group()))
        spans.append(m.span())
    for m in _FORMER_RE.finditer(body):  # 主任：张三（原为李四）
        removed, added = _holders(m.group("removed")), _holders(m.group("added"))
        if not (removed and added) or not _free(m.span(), spans):
            continue
        for gref, role in _posts(m.group("posts")):
            out.append(ChangeStatement(gref, role, removed[0], added[0], m.group()))
        spans.append(m.span())
    by_seat = [*SEAT_BY_RE.finditer(body), *SEATED_RE.finditer(body)] if seats else []
    for m in [*_SEAT_RE.finditer(body), *by_seat]:
        # 市防指办公室主任的职务由周九同志担任 (and, in a notice changing some posts, 主任由…担任)
        if not _free(m.span(), spans) or _STAYS_RE.search(m.group("added")):
            continue
        for gref, role in _posts(m.group("posts")):
            for a in _holders(m.group("added")):
                out.append(ChangeStatement(gref, role, None, a, m.group()))
        spans.append(m.span())
    for m in _LABEL_ADD_RE.finditer(body):  # 委员：增补李四（…）、王五（…）
        if "为" in m.group("added") or not _free(m.span(), spans):
            continue
        for gref, role in _posts(m.group("posts")):
            out.extend(ChangeStatement(gref, role, None, a, m.group()) for a in _holders(m.group("added")))
        spans.append(m.span())
    for m in _ADD_RE.finditer(body):
        if not _free(m.span(), spans):
            continue
        clause: re.Match[str] | None = m
        while clause is not None:  # 增补李四为委员，王五为副主任
            for gref, role in _posts(clause.group("posts")):
                for a in _holders(clause.group("added")):
                    out.append(ChangeStatement(gref, role, None, a, clause.group()))
            spans.append(clause.span())
            clause = _MORE_ADD_RE.match(body, clause.end())
    for m in _BARE_REMOVE_RE.finditer(body):  # 成员中，张三同志因退休不再担任(，由李四担任)
        lead = [*_LEAD_IN_RE.finditer(body, max(0, m.start() - 60), m.start() + 1)]
        removed, added = _holders(m.group("removed")), _holders(m.group("added"))
        if not lead or not removed or not _free(m.span(), spans):
            continue
        for gref, role in _posts(lead[-1].group("posts")):
            out.extend(_paired(gref, role, removed, added, m.group()))
        spans.append(m.span())
    out.extend(_unit_changes(body, spans))
    out.extend(_second_seats(body, out, spans))
    return out, spans


def _units(text: str | None) -> list[Post]:
    """县应急管理局、县医保局 → the units, when every piece is one."""
    pieces = [p.strip() for p in _UNIT_SPLIT_RE.split(text or "") if p.strip()]
    return [Post(None, None, p) for p in pieces] if pieces and all(is_unit(p) for p in pieces) else []


def _unit_changes(body: str, spans: list[tuple[int, int]]) -> list[ChangeStatement]:
    """Member units added (增加…为成员单位), dropped (…不再作为成员单位) or replaced
    (成员单位中的A调整为B): role 成员, the holder a unit."""
    out: list[ChangeStatement] = []
    for m in [*_UNIT_SWAP_RE.finditer(body), *_UNIT_ADD_RE.finditer(body), *_UNIT_DROP_RE.finditer(body)]:
        groups = m.groupdict()
        removed, added = _units(groups.get("removed")), _units(groups.get("added"))
        if not (removed or added) or not _free(m.span(), spans):
            continue
        start = max(body.rfind(c, 0, m.start()) for c in "。；\n") + 1
        if _DATED_RE.match(body, start):
            continue  # 2012年6月，…增加省商务厅为成员单位: a history told, not this notice's change
        if removed and len(removed) == len(added):
            out.extend(
                ChangeStatement(m.group("gref"), "成员", r, a, m.group())
                for r, a in zip(removed, added, strict=True)
            )
        else:
            out.extend(ChangeStatement(m.group("gref"), "成员", r, None, m.group()) for r in removed)
            out.extend(ChangeStatement(m.group("gref"), "成员", None, a, m.group()) for a in added)
        spans.append(m.span())
    return out


def _leaver(body: str, start: int) -> tuple[list[Post], int] | None:
    """The one leaving, named in the clause before a 不再担任 with no subject (麻秀峰同志（原镇长）
    调离，不再担任副组长), and where that clause begins."""
    if start == 0 or body[start - 1] not in "，,":
        return None
    begin = max(body.rfind(c, 0, start - 1) for c in "，,。；：\n") + 1
    m = _LEAVER_RE.fullmatch(body, begin, start - 1)
    who = _holders(m.group("who")) if m else []
    return (who, begin) if who else None


def _second_seats(
    body: str, found: list[ChangeStatement], spans: list[tuple[int, int]]
) -> list[ChangeStatement]:
    """增补李四为成员，并兼任办公室主任: the one added also takes the seats after 兼任."""
    out: list[ChangeStatement] = []
    done: set[int] = set()
    for st in found:
        at = body.find(st.source) if st.added else -1
        if at < 0 or (end := at + len(st.source)) in done:
            continue
        m = _ALSO_HOLDS_RE.match(body, end)
        if m is None or not _free(m.span(), spans):
            continue
        done.add(end)
        out.extend(ChangeStatement(g, r, None, st.added, m.group()) for g, r in _posts(m.group("posts")))
        spans.append(m.span())
    return out


def paired_in_sentences(
    body: str, found: list[ChangeStatement], group_of: Callable[[str], str]
) -> list[ChangeStatement]:
    """A seat emptied and a seat filled in one sentence (孟宪林任副组长，李德胜不再担任副组长 /
    张三不再担任成员，增补李四为成员): one change, the new holder in the old one's place.
    Sentences end at 。； and line breaks; `group_of` names the group a reference resolves to."""

    ends = [i for i, c in enumerate(body) if c in "。；;\n"]  # where sentences end, in order
    starts: dict[str, int] = {}

    def sentence(st: ChangeStatement) -> int:  # the last sentence end at or before the source
        source = st.source.strip()
        if (at := starts.get(source)) is None:
            at = starts[source] = body.find(source)
        if at < 0:
            return -2
        k = bisect_right(ends, at)
        return ends[k - 1] if k else -1

    out: list[ChangeStatement | None] = list(found)
    # the seats filled, by (sentence, group, role), in their order: each emptied seat looks up
    # its own key only (a long list of changes once compared every pair)
    filled: dict[tuple[int, str, str], list[int]] = {}
    for j, new in enumerate(found):
        if new.removed is None and new.added is not None and not new.kept:
            filled.setdefault((sentence(new), group_of(new.gref), new.role), []).append(j)
    for i, gone in enumerate(found):
        if gone.added or gone.removed is None:
            continue
        key = (sentence(gone), group_of(gone.gref), gone.role)
        if key[0] == -2:
            continue
        for j in filled.get(key, ()):
            seat = out[j]
            if seat is not None and seat.added is not None and seat.added.person != gone.removed.person:
                out[i] = gone._replace(added=seat.added)
                out[j] = None
                break
    return [st for st in out if st is not None]


def partly_listed(groups: list[Group], changes: list[Change]) -> set[str]:
    """The groups a personnel-change notice states only in part: those it changes, unless it
    restates a composition (调整后的成员名单如下：…), i.e. some group holds a member no change
    names."""
    added = {(c.group, c.role, c.added.person or c.added.unit) for c in changes if c.added}
    for g in groups:
        if any((g.name, m.role, m.person or m.unit) not in added for m in g.members):
            return set()
    return {c.group for c in changes}
