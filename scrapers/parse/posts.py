"""Find role statements in a segment and the text that names their holders.

Three forms:
- label:    组长：张三 市长 / 成员（按姓氏笔画为序）：… / 领导小组成员包括：…  (holders after)
- by-由:    组长由市长张三担任 / 副组长由市发展改革委…分管负责人担任     (holders between)
- verb:     省政府常务副省长王予波任协调小组组长 / 李四兼任办公室主任     (holders before)
plus 成员单位：… (a unit list for 成员).
Each statement yields (group reference, role, holder text, source sentence).
"""

from __future__ import annotations

from typing import NamedTuple

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import (
    GROUP_KINDS,
    KIND_ALT,
    POST_ALT,
    ROLE_ALT,
    ROLE_QUALIFIERS,
    SURNAMES,
    UNIT_OFFICIAL_ALT,
    ends_with_post,
    title_start_weight,
)
from scrapers.parse.people import is_unit

_GREF = r"[^\s，。；：、]{0,25}?"
_ROLE_RE = lazy_compile(ROLE_ALT)
# What follows a role word in a label (组长：), a by-由 statement, or a 成员单位 list.
_LABEL_AFTER_RE = lazy_compile(
    r"(?:单位(?:负责同志|负责人|领导))?(?:（[^）]{0,30}）)?"
    r"(?:(?:分别(?:是|为)|包括|为|是|有|名单|如下|人选|由以下(?:同志|人员|成员|单位)?组成)?"
    r"[ ]*(?:：|—{1,2}(?=[ ]*\S))|包括"
    r"|(?:合计|共有|有|共|为)?[0-9一二两三四五六七八九十]{1,3}(?:人|名)[，]?(?:分别(?:是|为|来自|由)|其中(?:有|包括)))"
)  # the last form: 副主任有4人，分别是…
# 主任已由…共同担任; 下设联络员一名，由村文书施娟担任
_YOU_AFTER_RE = lazy_compile(r"(?:[一1两2二]名[，,]?)?(?:已经?|已改|改|将)?(?:分别)?由")
_UNITS_AFTER_RE = lazy_compile(
    r"单位(?:(?:包括|为|是|有|名单)?[ ]*：|包括|有(?!关)(?=[^，。；：\n]{2,40}、))"
)  # 成员单位有省发改委、省财政厅…, not 成员单位有关司局
# What precedes a role word in a verb statement (…任协调小组组长; 县台办主任兼办公室主任).
_VERB_BEFORE_RE = lazy_compile(
    rf"(?:(?<![主责信继聘])任(?!命)|兼任|担任|出任|(?<=[长任记])兼|(?<![成作更名改调整])为)({_GREF})$"
)
_VERB_CHARS = frozenset("任为")
# 的: 由…任组长的专项领导组; 和 before another role: 担任第一组长和组长
_ROLE_BOUNDARY_RE = lazy_compile(r"[，。；、\s）的]|兼|和(?=\S{0,25}?(?:组长|主任|指挥|召集人|委员|成员))|$")
_EACH_SETS_UP_RE = lazy_compile(
    r"[ 　]*各[^，。；：:]{1,20}?(?:(?:要|应|须|需|也要|均要|均应|可)(?:相应)?|相应)(?:成立|建立|设立|组建)"
)
_UNIT_OFFICIAL_END_RE = lazy_compile(rf"(?:{UNIT_OFFICIAL_ALT})$")
_LED_BY_RE = lazy_compile(r"([^，。；：]{2,60}?)牵头[，、]")
_COMPOSED_RE = lazy_compile(
    rf"({KIND_ALT})(?:成员单位|成员)?由([^。；：由]{{2,400}}?)(?:等[0-9一二三四五六七八九十]+个[^，。；]{{0,8}})?(?:共同)?组成(?!人?员)"
)
# units listed before the body they make up: 区经发局、监察局…等十八个部门领导组成的余杭区…领导小组
_COMPOSED_BEFORE_RE = lazy_compile(
    rf"(?:^|(?<=[，。；：\n]))([^，。；：由\n]{{2,400}}?)等[0-9一二两三四五六七八九十]+个"
    rf"(?:部门|单位)(?:的)?({UNIT_OFFICIAL_ALT})?组成的"
    rf"([^，。；：\s]{{0,40}}?(?:{KIND_ALT}))?"
)
# a news report names a holder in passing: 省交通运输厅厅长、公路建设指挥部总指挥康军主持…
# …or opens a sentence with it: 领导小组办公室主任马金刚根据上级文件要求…
_MENTION_RE = lazy_compile(
    rf"(?:^|(?<=[，。；\n]))(?:([^，。；：、\s“”]{{2,30}})、)?([^，。；：、\s]{{2,40}}?(?:{KIND_ALT})(?:办公室)?)"
    rf"({ROLE_ALT})([\u4e00-\u9fff]{{2,3}})"
    r"(?=主持|在|对|表示|强调|指出|说|介绍|出席|参加|根据|宣布|部署|传达|通报|汇报|[，。；])"
)
# a work group's units: 由总参谋部牵头，公安部、地震局参加 (the lead unit, then the others)
_LEAD_JOIN_RE = lazy_compile(
    r"由([^，。；：由]{2,30}?)牵头[，、]([^。；：]{2,400}?)(?:等[^，。；]{0,10})?参加"
)
# a work group labelling its line before 由…牵头: 综合协调组：, （一）宣传组：
_LEAD_GROUP_LABEL_RE = lazy_compile(
    r"[ \t　]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．])?[ 　]*"
    r"([^\s，。；：、（）]{2,20}组)[：:][ 　]*"
)
# 副总指挥兼办公室主任：, 副组长（兼办公室主任）：
_CHAIN_AFTER_RE = lazy_compile(rf"（?((?:兼(?:任)?{_GREF}(?:{ROLE_ALT}))+)）?(?:（[^）]{{0,30}}）)?[ ]*：")
# more posts of the same holders: 兼办公室主任, or 、县粮食安全工作领导小组组长 (one person, many bodies)
_GREF_PLAIN = r"[^\s，。；：、任为由]{0,25}?"  # a body's name after 、: no verb (…任组长、主管领导任副组长)
_MORE_AFTER_RE = lazy_compile(
    rf"(?:(?:兼(?:任)?{_GREF}|[、和]{_GREF_PLAIN})(?:{ROLE_ALT}))*(?=[，。；、\s）]|$)"
)


class _Marker(NamedTuple):
    kind: str  # verb | verbunits | label | heading | you | units
    start: int  # where the statement's own words begin (the verb, or the role word)
    end: int
    role: str
    gref: str = ""
    more: str = ""


_SUBJECT_RE = lazy_compile(
    rf"(?:^|[，。；\n])[ ]*(?:[^，。；：\s各及和]{{0,20}}?(?:{KIND_ALT}|会议|办公室|组))?[ ]*$"
)


def _subject_before(body: str, s: int) -> bool:
    """Whether the role word at s opens its clause (alone or after the body's name): then
    "组长为…" names the holders after it, as a label does."""
    return bool(_SUBJECT_RE.search(body, max(0, s - 32), s))


_GLUED_ROW_RE = lazy_compile(r"[\u4e00-\u9fff]{2,4}（")
_PARTY_ORGANS = frozenset({"党组", "党委", "纪委", "常委"})


def _row_start(body: str, s: int) -> bool:
    """Whether the role word at s opens its line (after an office's name at most)."""
    if s == 0 or body[s - 1] == "\n":
        return True
    start = body.rfind("\n", max(0, s - 20), s) + 1
    prefix = body[start:s]
    return (start > 0 or s < 20) and prefix.endswith("办公室") and not any(c in prefix for c in "： ，")


_HEADING_TAIL_RE = lazy_compile(r"[ ]*(?:（[^）\n]{0,20}）)?[ ]*(?=\n|$)")
_ITEM_NUMBER_RE = lazy_compile(
    r"[ ]*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、．])?[ ]*"
)
_LIST_ROLES = frozenset({"委员", "成员", "组员", "联络员", "顾问", "特邀委员", "特邀成员"})
_HEADING_STOPS = frozenset("：:，。；、 （）")


def _heading(body: str, s: int, e: int) -> tuple[int, int]:
    """Where a sub-list's heading line ends when the role word at s..e closes one with no
    colon (部门委员 / 专家委员（按姓氏笔划为序） / （二）校外专家委员), and where its words begin;
    (0, 0) if none. The words before the role qualify it; a title on its own line (县人大副主任)
    is no heading."""
    tail = _HEADING_TAIL_RE.match(body, e)
    if tail is None or tail.end() == len(body):
        return 0, 0
    start = body.rfind("\n", 0, s) + 1
    start = _ITEM_NUMBER_RE.match(body, start, s).end()  # type: ignore[union-attr]
    prefix = body[start:s]
    if len(prefix) > 8 or not _HEADING_STOPS.isdisjoint(prefix) or not _is_qualifier(prefix):
        return 0, 0
    return start, tail.end()


def _is_qualifier(prefix: str) -> bool:
    """Words that qualify a role (部门, 校外专家), not a title's organ nor a name and a title
    (市政协, 王五科协): no title starts anywhere in them."""
    if not prefix:
        return True
    if is_unit(prefix) or prefix[-1] in "副正原":
        return False
    return all(title_start_weight(prefix[i:]) < 2 for i in range(len(prefix)))


def _qualified_start(body: str, s: int) -> int:
    """Where a label begins when words that qualify its role open the line (专家成员：,
    2．企业成员：): there, so that they are not read into the list before; else s."""
    if s == 0 or body[s - 1] in "\n ：":
        return s
    start = body.rfind("\n", max(0, s - 16), s)
    if start == -1 and s > 12:
        return s
    start = _ITEM_NUMBER_RE.match(body, start + 1, s).end()  # type: ignore[union-attr]
    prefix = body[start:s]
    if not prefix or len(prefix) > 8 or not _HEADING_STOPS.isdisjoint(prefix):
        return s
    if not _is_qualifier(prefix):
        return s
    group = _GREF_TAIL_RE.fullmatch(prefix)
    return s if group and group.group(1) else start  # 领导小组成员：names its group: _gref_before


def _unit_cell_before(body: str, s: int) -> bool:
    """市发改委 副主任 李海峰: the cell before the post is a unit (a row unit / post / name),
    so the post is no role label."""
    start = max(body.rfind(" ", 0, s - 1), body.rfind("\n", 0, s - 1)) + 1
    return is_unit(body[start : s - 1])


def _markers(body: str) -> list[_Marker]:
    out: list[_Marker] = []
    for m in _ROLE_RE.finditer(body):
        role, s, e = m.group(), m.start(), m.end()
        if body[max(0, s - 2) : s] in _PARTY_ORGANS and role in ("成员", "委员"):
            continue  # 党组成员, 党委委员: a post in a title, not a role
        if body[e : e + 1] == "”":
            continue  # “双主任”制: a quoted term, not a role statement
        if u := _UNITS_AFTER_RE.match(body, e):
            out.append(_Marker("units", s, u.end(), role))
        elif c := _CHAIN_AFTER_RE.match(body, e):  # 副总指挥兼办公室主任：
            out.append(_Marker("label", s, c.end(), role, more=c.group(1)))
        elif a := _LABEL_AFTER_RE.match(body, e):
            if body.startswith("（", e) and role.startswith("副"):  # 副组长（常务）： → 常务副组长
                qualifier = body[e + 1 : body.find("）", e)]
                role = qualifier + role if qualifier in ROLE_QUALIFIERS else role
            out.append(_Marker("label", _qualified_start(body, s), a.end(), role))
        elif (
            role in _LIST_ROLES
            and body[e : e + 1] in ("\n", "（", " ")
            and not _row_start(body, s)
            and (h := _heading(body, s, e))[1]
        ):
            # 部门委员 / 专家委员（按姓氏笔划为序）: a sub-list's heading; 领导小组成员 names its group
            gref = body[h[0] : s] if _GREF_TAIL_RE.fullmatch(body[h[0] : s]) else ""
            out.append(_Marker("heading", h[0], h[1], role, gref))
        elif (
            _row_start(body, s)
            and body.startswith("（", e)
            and (t := _HEADING_TAIL_RE.match(body, e))
            and body.startswith("\n", t.end())
        ):  # 委员（以姓氏笔画为序）on its own line: the list follows
            out.append(_Marker("label", s, t.end(), role))
        elif _row_start(body, s) and (_GLUED_ROW_RE.match(body, e) or body[e : e + 1] == "\n"):
            # an infobox row: 组长刘鹤（国务院副总理）, 办公室主任王江平（…）, or the role alone on its line
            out.append(_Marker("label", s, e, role))
        elif (
            (body[e : e + 1] in ("为", "是") and _subject_before(body, s))  # 办公会议召集人为…
            or (
                body[e : e + 1] == " "  # a table row: 指挥长 张三 市长 (its line break lost, too)
                and (
                    _row_start(body, s)
                    or (
                        body[s - 1] == " "
                        and body[e + 1 : e + 2] in SURNAMES
                        and not _unit_cell_before(body, s)
                    )
                )
            )
        ):
            out.append(_Marker("label", s, e + 1, role))
        elif a := _YOU_AFTER_RE.match(body, e):
            out.append(_Marker("you", s, a.end(), role))
        elif (
            role == "成员"
            and body.startswith("单位", e)
            and (v := _VERB_BEFORE_RE.search(body, max(0, s - 28), s))
            and (not v.group(1) or _GREF_TAIL_RE.fullmatch(v.group(1)))
        ):  # 市委宣传部、网信办，市文旅局、交通局等为(领导小组)成员单位: the units before
            out.append(_Marker("verbunits", v.start(), e + 2, role, v.group(1)))
        elif (
            _ROLE_BOUNDARY_RE.match(body, e)
            and _VERB_CHARS.intersection(body[max(0, s - 28) : s])  # every verb has 任 or 为
            and (v := _VERB_BEFORE_RE.search(body, max(0, s - 28), s))
        ):
            more = _MORE_AFTER_RE.match(body, e)
            end = more.end() if more else e
            out.append(_Marker("verb", v.start(), end, role, v.group(1), body[e:end]))
    return out


_MORE_RE = lazy_compile(rf"(?:兼(?:任)?({_GREF})|[、和]({_GREF_PLAIN}))({ROLE_ALT})(?=兼|、|和|$)")
_YOU_END_RE = lazy_compile(r"担任|兼任|出任|组成(?!人?员)")  # not 领导小组成员, 组成人员
# how holders are to be chosen, not who they are (由组长商副组长确定, 由各单位推荐, 确定一名…为联络员)
# holders chosen later, none named (成员由组长商副组长确定; 各单位确定一名联络员): a clause
# ending in a verb of choosing, at the start, or such a verb before a count of persons. Two
# patterns: the second opens with characters sre scans for, the first is tried at 0 only.
_CHOSEN_CLAUSE_RE = lazy_compile(
    r"[^，。；\n]*?(?:确定|提名|推荐|商定|指定|选派|推选|另行|产生|报批)(?=$|[，。；\n])"
)
_CHOSEN_COUNT_RE = lazy_compile(r"(?:确定|指定|推荐|选派|明确|选定)(?:[一1两2二]|至少[一1])名")


def _chosen(text: str) -> bool:
    return bool(_CHOSEN_CLAUSE_RE.match(text) or _CHOSEN_COUNT_RE.search(text))
_STOP_RE = lazy_compile(
    rf"(?:(?:{KIND_ALT})?办公室)?(?:下设|设在)|(?:{KIND_ALT})?办公室设|(?:(?<=[，；\n])|^)(?:负责|承担)"
    r"|(?:主要)?(?:工作)?(?:任务|职责)："  # 成员：王和平、张维 工作任务：…
    r"|(?<=等)，"  # 尤权、张平等，均是来自…: the list ends at 等
)
# a line that is prose after a list (以上各委员会原组成人员名单同时废止。) or a signing date
_PROSE_LINE_RE = lazy_compile(
    r"(?:以上|上述|其他|其余|今后|凡|如有|本通知|此|附件|特此|现予|请各)|[^，、]{16,}。$"
)
_DATE_LINE_RE = lazy_compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年")
# a clause that is only a post and a name (市委常委、常务副市长张红文), joined to the next
_HOLDER_CLAUSE_RE = lazy_compile(rf"[^，。；：\s]{{2,40}}(?:{POST_ALT})[^，。；：\s]{{2,4}}")
_NOT_HOLDERS_RE = lazy_compile(r"设在|下设|负责|承担|由|[“”]")  # “双主任”制: a quoted term
_ROW_ROLE_LAST_RE = lazy_compile(
    rf"(?m)^(?:\d{{1,3}} )?([^\s：]{{2,16}}(?: [^\s：]{{2,40}}){{1,2}}) ({ROLE_ALT})$"
)  # 1 张三 县长 组长 / 1 张三 县政府 县长 组长
_ROLE_AT_LINE_END_RE = lazy_compile(rf" (?:{ROLE_ALT})(?=\n|$)")  # a cheap test before the row regex
# a table row whose role cell is blank: it holds the role of the row above (2 李四 市政府)
_ROW_NO_ROLE_RE = lazy_compile(r"^(?:\d{1,3} )?([^\s：]{2,16}(?: [^\s：]{2,40}){1,2})$")
_TABLE_HEAD_RE = lazy_compile(r"序号|姓名|职务|单位|^第?\d{1,3}页?$|^共\d+页")
_BACK_STOP = "，。；：\n"
_GREF_TAIL_RE = lazy_compile(rf"((?:[^\s，。；：、]{{0,20}}?(?:{KIND_ALT}|(?<![副长])组))?(?:办公室)?)$")


# the body a verb statement names before 由 (联席会议由分管…的省领导担任召集人)
_BY_BODY_RE = lazy_compile(
    rf"[^，。；：\s]{{0,25}}?(?:{KIND_ALT}|办公室|组)?(?:（[^）]{{0,24}}）)?(?:分别)?由"
)


# a work group named as its own clause before 由…任组长 (综合协调组，由…)
_LED_GROUP_RE = lazy_compile(r"(?:^|(?<=[：；。\n]))[ ]*([^，。；：、\s]{2,20}?(?<![小员])组)，$")
_LED_GROUPS_RE = lazy_compile(
    r"(?:下设|设立|组建|成立|包括|：)((?:[^，。；：、\s和及]{2,20}?(?<![小员])组[、和及]){1,8}"
    r"[^，。；：、\s和及]{2,20}?(?<![小员])组)，$"
)
_GROUP_SEP_RE = lazy_compile(r"[、和及]")
_HEADLINE_BODY_RE = lazy_compile(rf"[^，。；：\s]*(?:{KIND_ALT})[ ]+")
_FOUNDED_BY_RE = lazy_compile(r"(?:成立|组建|建立|设立)了?(?:由|以)")


class Statement(NamedTuple):
    gref: str  # the group the notice names with the role ("" = the one in context)
    role: str
    holders: str  # the text naming the holders
    source: str  # the sentence it came from
    units: bool = False  # a 成员单位 list
    mention: bool = False  # a news report's passing mention: only for a body already known
    # 张三、李四分别任组长、副组长: (this role's place, the number of roles) — the holders in turn
    respective: tuple[int, int] | None = None


def _role_last_rows(body: str) -> list[Statement]:
    """Rows 1 许晓华 县委副书记、县长 组长, and the rows after one that leave the role cell
    blank (a table's block: the role written on its first row only); a header row or a page
    number inside the block does not end it."""
    out: list[Statement] = []
    role, cells = None, 0
    for line in body.split("\n"):
        line = line.strip()
        if (r := _ROW_ROLE_LAST_RE.fullmatch(line)) and not _ROLE_RE.fullmatch(r.group(1).split(" ", 1)[0]):
            # (not 副组长 晏颖 秘书长: a role-first row whose post is a role word)
            role, cells = r.group(2), line.count(" ")
            if not is_unit(r.group(1).split(" ", 1)[0]):  # 市发改委 张三 副主任: a post, no role
                out.append(Statement("", role, r.group(1), r.group()))
            continue
        if role is None or not line or _TABLE_HEAD_RE.search(line):
            continue
        c = _ROW_NO_ROLE_RE.fullmatch(line)
        if c and line.count(" ") == cells - 1 and not is_unit(c.group(1).split(" ", 1)[0]):
            out.append(Statement("", role, c.group(1), line))
        else:
            role = None
    return out


def _back_start(body: str, end: int, floor: int) -> int:
    i = end
    while i > floor and body[i - 1] not in _BACK_STOP:
        i -= 1
    return i


# a sentence about the body's working after its list (…成员因工作变动需要调整的，由所在单位提出；
# 学术委员会日常工作由科技处负责。): no holder
_RULE_WORDS_RE = lazy_compile(
    r"因工作变动|工作变动|需要调整的|由所在单位|日常工作由|按程序报|不再另行|报.{0,8}备案"
)


def _rule_line(line: str) -> bool:
    return len(line) >= 10 and "：" not in line and _RULE_WORDS_RE.search(line) is not None


def _forward_end(body: str, start: int, limit: int) -> int:
    """Where a list after a label ends: the next statement, a 设在 sentence, or a prose line."""
    stop = _STOP_RE.search(body, start, limit)
    end = limit
    if stop:
        newline = body.rfind("\n", start, stop.start())
        if newline != -1 and body[start:newline].strip():
            end = newline  # 安委会办公室设在… on its own line
        else:  # on the list's line: without the body's name before it (…副院长 国家教材委员会办公室设在)
            space = body.rfind(" ", start, stop.start())
            head = body[space + 1 : stop.start()]
            end = space if space != -1 and len(head) <= 12 and not ends_with_post(head) else stop.start()
    pos = body.find("\n", start, end)
    while pos != -1:
        nxt = body.find("\n", pos + 1, end)
        line = body[pos + 1 : nxt if nxt != -1 else end].strip()
        if _PROSE_LINE_RE.match(line) or _DATE_LINE_RE.match(line) or _about_body(line) or _rule_line(line):
            prev = body.rfind("\n", start, pos)
            signature = _DATE_LINE_RE.match(line) and prev != -1 and " " not in body[prev + 1 : pos].strip()
            return prev if signature else pos
        pos = nxt
    return end


_KINDS = tuple(sorted(GROUP_KINDS, key=len, reverse=True))


def _about_body(line: str) -> bool:
    """A sentence about the body after its list (领导小组不纳入…，不刻制印章。), not a label
    (领导小组成员：) nor a member."""
    if not line.startswith(_KINDS) or not line.endswith("。"):
        return False
    kind = next(k for k in _KINDS if line.startswith(k))
    return "：" not in line and _ROLE_RE.match(line, len(kind)) is None


def list_end(body: str, start: int = 0) -> int:
    """Where a list that begins at `start` ends (a 设在 sentence, a prose line, a date line)."""
    return _forward_end(body, start, len(body))


def _gref_before(body: str, start: int, floor: int) -> str:
    """A group named right before a label's role word (领导小组成员：, 办公室主任：)."""
    window = body[max(floor, start - 24) : start]
    m = _GREF_TAIL_RE.search(window.rstrip(" "))  # "医疗救治组 组长：" too
    # all the text from the group's name on: a name on the line above ends before its \n
    return window[m.start(1) :] if m and m.group(1) else ""


# a work group with its leaders in brackets: 综合协调组（组长：李四，县水利局局长）
_INLINE_GROUP_RE = lazy_compile(rf"([^\s，。；：、（）]{{2,20}}组)（((?:{ROLE_ALT})：[^（）]{{1,120}})）")
# the unit that leads a work group, as a label: 牵头单位：县水利局
_LEAD_LABEL_RE = lazy_compile(r"牵头(?:单位|部门)[ ]*：([^\n。；]{2,200})")


def statements(body: str) -> list[Statement]:
    """Role statements of one segment's body, in order."""
    out: list[Statement] = []
    grouped: list[Statement] = []  # read last: each names its group, which the rest must not take
    if "组（" in body and (inline := list(_INLINE_GROUP_RE.finditer(body))):
        for g in inline:
            for st in statements(g.group(2)):
                grouped.append(st._replace(gref=st.gref or g.group(1), source=g.group()))
        # the rest of the body without them (offsets kept)
        body = _INLINE_GROUP_RE.sub(lambda g: " " * len(g.group()), body)
    if "牵头" in body and (lead := _LEAD_LABEL_RE.search(body)):
        out.append(Statement("", "牵头", lead.group(1), lead.group(), units=True))
        body = body[: lead.start()] + " " * len(lead.group()) + body[lead.end() :]
    matches = _markers(body)
    if " " in body and _ROLE_AT_LINE_END_RE.search(body):  # 1 许晓华 县委副书记、县长 组长
        out.extend(_role_last_rows(body))
    if "组成" in body:  # 联席会议由发展改革委、…等12个部门和单位组成
        for c in _COMPOSED_RE.finditer(body):
            units = c.group(2)
            if units.startswith(("以下", "下列", "如下")):
                continue
            if (lead := _LED_BY_RE.match(units)) is not None:  # 由县人社局牵头，县发改局…等组成
                out.append(Statement(c.group(1), "牵头", lead.group(1), c.group(), units=True))
                units = units[lead.end() :]
            out.append(Statement(c.group(1), "成员", units, c.group(), units=True))
        for c in _COMPOSED_BEFORE_RE.finditer(body) if "组成的" in body else ():
            holders = c.string[c.start(1) : c.end(2) if c.group(2) else c.end(1)]  # …等十八个部门领导
            # with an official, read as a by-由 list is (the units get it as title)
            out.append(Statement(c.group(3) or "", "成员", holders, c.group(), units=not c.group(2)))
    if "、" in body or "办公室" in body:
        for n in _MENTION_RE.finditer(body):
            if n.group(4)[0] in "为任是由" or "各" in n.group(2):
                continue  # 各村民小组组长为成员: a collective, not a mention of a holder
            holders = (n.group(1) or "") + n.group(4)
            out.append(Statement(n.group(2), n.group(3), holders, n.group(), mention=True))
    if "牵头" in body:
        for j in _LEAD_JOIN_RE.finditer(body):
            label = _LEAD_GROUP_LABEL_RE.fullmatch(body, body.rfind("\n", 0, j.start()) + 1, j.start())
            gref = label.group(1) if label else ""  # 综合协调组：由省卫生厅牵头，…参加
            into = grouped if gref else out  # read last, as the inline groups
            into.append(Statement(gref, "牵头", j.group(1), j.group(), units=True))
            into.append(Statement(gref, "成员", j.group(2), j.group(), units=True))
    floor = 0
    for i, m in enumerate(matches):
        if m.start < floor:
            continue
        nxt = next((n for n in matches[i + 1 :] if n.start >= m.end), None)
        if m.kind == "verbunits":
            start = _units_start(body, m.start, floor)
            out.append(Statement(m.gref, m.role, body[start : m.start], body[start : m.end], units=True))
            floor = m.end
            continue
        if m.kind == "verb":
            start = _back_start(body, m.start, floor)
            while start > floor + 1 and body[start - 1] == "，" and body[start] != "由":
                # 甲局长张三，乙局长李四任副组长: both hold the post
                before = _back_start(body, start - 1, floor)
                clause = body[before : start - 1]
                # 自治区工业和信息化厅、交通运输厅，南宁市人民政府等单位分管负责同志为…成员: units
                units = (
                    "、" in clause
                    and all(is_unit(u) for u in clause.split("、"))
                    and _UNIT_OFFICIAL_END_RE.search(body, start, m.start)
                )
                if not units and (not _HOLDER_CLAUSE_RE.fullmatch(clause) or _NOT_HOLDERS_RE.search(clause)):
                    break
                start = before
            holders = body[start : m.start]
            sentence = body[max(body.rfind("。", 0, start), body.rfind("\n", 0, start)) + 1 : start]
            if "均由" in holders or _chosen(holders) or _EACH_SETS_UP_RE.match(sentence):
                # 领导小组均由乡镇长任组长, 各学院应成立相应工作小组，由院长任组长: each unit's own
                # body; 各成员单位确定一名科级干部为联络员: chosen later; none named here
                floor = m.end
                continue
            if "由" in holders and (by := _BY_BODY_RE.match(holders)):  # 联席会议由…担任召集人
                holders = holders[by.end() :]
            if (founded := _FOUNDED_BY_RE.search(holders)) is not None:  # 成立以党委书记为组长的…
                holders = holders[founded.end() :]
            if " " in holders and (headline := _HEADLINE_BODY_RE.match(holders)):
                holders = holders[headline.end() :]  # 国务院成立产品质量食品安全领导小组 吴仪任组长
            source = body[start : m.end]
            gref = m.gref
            if not gref and body.startswith("由", start) and (led := _LED_GROUP_RE.search(body, 0, start)):
                gref = led.group(1)  # 综合协调组，由市发改委主任赵六任组长: that group's leader
            roles = [(gref, m.role)] + [(g or h, r) for g, h, r in _MORE_RE.findall(m.more)]
            if (
                not gref
                and len(roles) == 1
                and body.startswith("分别由", start)
                and (led_list := _LED_GROUPS_RE.search(body, 0, start))
            ):  # 下设综合协调组和政策督查组，分别由A、B任组长: each group's leader in turn
                groups = _GROUP_SEP_RE.split(led_list.group(1))
                for k, name in enumerate(groups):
                    out.append(Statement(name, m.role, holders, source, respective=(k, len(groups))))
                floor = m.end
                continue
            each = len(roles) > 1 and holders.rstrip().endswith("分别")
            for k, (gref, role) in enumerate(roles):
                out.append(
                    Statement(gref, role, holders, source, respective=(k, len(roles)) if each else None)
                )
            floor = m.end
            continue
        limit = _next_start(body, nxt, m.end) if nxt else len(body)
        if m.kind == "you":
            full_stop = body.find("。", m.end)
            end_m = _YOU_END_RE.search(body, m.end, full_stop if full_stop != -1 else len(body))
            end = end_m.start() if end_m else _forward_end(body, m.end, limit)
            gref = _gref_before(body, m.start, floor)
            source = body[m.start - len(gref) : end + 2]
            if not _chosen(body[m.end : end]):  # 成员由组长商副组长确定: chosen later, none named
                out.append(Statement(gref, m.role, body[m.end : end], source))
            floor = end_m.end() if end_m else end
            continue
        end = _forward_end(body, m.end, limit)
        text = body[m.end : end]
        if m.kind == "units":
            out.append(Statement("", m.role, text, body[m.start : end], units=True))
        else:
            gref = m.gref if m.kind == "heading" else _gref_before(body, m.start, floor)
            source = body[m.start - (0 if m.kind == "heading" else len(gref)) : end]
            roles = [(gref, m.role)] + [(g or h, r) for g, h, r in _MORE_RE.findall(m.more)]
            for g, role in roles:
                out.append(Statement(g, role, text, source))
        floor = end
    return out + grouped


def _units_start(body: str, end: int, floor: int) -> int:
    """Where a list of units before 为成员单位 begins: back over commas while the clauses
    are units (市委宣传部、网信办，市文旅局、交通局等为成员单位)."""
    start = _back_start(body, end, floor)
    while start > floor + 1 and body[start - 1] == "，":
        before = _back_start(body, start - 1, floor)
        clause = body[before : start - 1]
        if "为" in clause or not all(is_unit(u) for u in clause.split("、")):
            break  # not 领导小组更名为…领导小组，增加…为成员单位
        start = before
    return start


def _next_start(body: str, nxt: _Marker, floor: int) -> int:
    """Where the next statement's own text begins (a verb statement reaches back)."""
    if nxt.kind == "verbunits":
        return max(floor, _units_start(body, nxt.start, floor))
    if nxt.kind == "verb":
        return max(floor, _back_start(body, nxt.start, floor))
    if nxt.kind == "heading":
        return max(floor, nxt.start)
    gref = _gref_before(body, nxt.start, floor)
    return max(floor, nxt.start - len(gref))
