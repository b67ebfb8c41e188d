"""Assemble groups, members, events and changes from a normalised notice.

Walks the segments in order keeping a context (the body, and the sub-group or office a
header opened); each role statement is resolved to a group (an explicit reference such
as 协调小组/办公室/综合组 wins over the context) and its holders are read by `people`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers.lazyre import lazy_compile
from scrapers.parse import changes as changes_mod
from scrapers.parse import names
from scrapers.parse import partial as partial_mod
from scrapers.parse.explain import ItemSources
from scrapers.parse.lexicon import ROLE_ALT, ROLE_QUALIFIERS, UNIT_OFFICIAL_ALT
from scrapers.parse.lexicon import ends_with_post as names_ends_with_post
from scrapers.parse.normalize import chinese_commas
from scrapers.parse.people import (
    Post,
    is_unit,
    looks_like_name,
    post_only,
    read_holders,
    read_units,
)
from scrapers.parse.posts import Statement, list_end, statements
from scrapers.parse.segment import Segment, segments
from store.records import Change, Event, Group, Holder, Member

SINGLE_ROLES = frozenset({"组长", "主任", "主任委员", "总指挥", "指挥长", "总召集人", "第一副组长"})
_TITLE_FIND_RE = lazy_compile(r"关于[^\n。]{2,100}?的(?:通知|决定|批复|函|意见)")
# 办公室设在市统计局 / 办公室设市统计局 (without 在 the seat must be a unit: not 设主任一名)
_OFFICE_RE = lazy_compile(r"(?<!（)办公室设(在|于)?([^，。；（）\n]{2,40}(?:（[^）\n]{1,20}）)?)")
_OFFICE_PREFIX_RE = lazy_compile(r"[^\s，。；：、（）]{1,30}$")
_ALSO_RE = lazy_compile(rf"^兼(?:任)?(.*?)({ROLE_ALT})$")
# a body named right before one of its role labels (校庆筹备工作领导小组组长：)
_LABELLED_BODY_RE = lazy_compile(rf"({names.NAME})[ ]?(?:{ROLE_ALT})[ ]?：")
_OFFICE_OPENS_RE = lazy_compile(r"([^\s，。；：、（]{0,20})办公室(?=[（ ]|(?:主任|副主任)：)")
_KEPT_HEADING_RE = lazy_compile(r"[^。\n]{0,12}(?<!不再)保留")
_ABOUT_BODIES_RE = lazy_compile(r"成员|组成人员|小组|委员会|联席会议|指挥部|专班|议事协调|非常设机构")
_APPOINTMENTS_RE = lazy_compile(r"任免|任职|免职|职务任|人事任")
_INTRODUCING_RE = lazy_compile("更名|调整为|合并|整合|成立|设立|组建")
_MENTION_LEAD_RE = lazy_compile(r"^.*(?:担任|兼任|任|为|的|对|免去|增补|新一届)")  # 学校新一届学术委员会
_OFFICE_IS_RE = lazy_compile(r"办公室(?:（[^）\n]{0,20}）)?(?:为|是|作为)[^。；]{0,40}?办事机构")
_BARE_OFFICE_RE = lazy_compile(r"下设(?:一个)?([^\s，。；、（）：]{0,10}?)办公室")
# not 领导小组, 成员组; 宣传动员组 is a work group
_SUBGROUP_HEADER_RE = lazy_compile(r"^[^，。；：]{2,30}(?<!小)(?<!成员)(?<!组员)(?<!人员)组$")
_CATEGORY_DECLARED_RE = lazy_compile(
    r"设[0-9一二两三四五六七八九十]+个(?:专项)?(专题组|保障组|工作组)[：:]?$"
)
_HEADING_WORDS_RE = lazy_compile(r"组成|下设|设立|职责|分工")
_ABOLISHED_TAIL_RE = lazy_compile(r"(?:及其?办公室)?(?:（[^）]*）)?[。；，、]?$")
_WRAPPED_RE = lazy_compile(r"(?<=[\u4e00-\u9fff0-9%])(?:\n| +)(?=[\u4e00-\u9fff])")  # a line wrapped mid-name
_ESTABLISH_WORDS = ("成立", "设立", "组建", "建立")
# the places above a 区/县/市 the title names short (西宁市湟中 + 区…), no verb inside
_HIGHER_PLACE_RE = lazy_compile(
    r"(?:(?!关于|成立|调整|决定|对)[\u4e00-\u9fff]){0,8}(?:省|市|州|盟|地区)[\u4e00-\u9fff]{0,5}"
)
_VERB_IN_PLACE_RE = lazy_compile("关于|成立|调整|决定|同意|研究|同志|[对经将现由为和及在的各本全我该任]")
# a place written bare before 市/县/区…: 海东 + 市禁毒委员会
_BARE_PLACE_RE = lazy_compile(r"[\u4e00-\u9fff]{2,6}")
_BRACKET_NOTE_RE = lazy_compile(r"（[^）]{0,20}）$")  # （按科室排序）
_SUBLABEL_RE = lazy_compile(r"([^\s：，。；、（）]{2,12})[ ]*：")  # （一）教学单位：…
_ROLE_LABEL_RE = lazy_compile(rf"(?:{ROLE_ALT})$")
# 委员：\n职能部门：张三、李四\n临床科室：王五 — unnumbered sub-lists under a bare label
_TABLE_ROW_RE = lazy_compile(rf"[ 　]*(?:{ROLE_ALT})[ 　]+[^\s：:，。；]+[ 　]")  # 组长 赵六 县教育局
_LINE_SUBLABEL_RE = lazy_compile(r"(?m)^([ 　]*)([^\s：，。；、（）]{2,12})[ ]*：")
_ROWS_END_RE = lazy_compile(r"\n[^\n。，；：]{2,30}\n[^\n。，；：]{2,40}$")  # …\n李四\n县政府副县长
_UNITS_TAIL_RE = lazy_compile(
    r"等(?:[0-9一二三四五六七八九十]{1,3}个)?(?:部门|单位|成员单位)(?:和单位)?[。；]?$"
)
_PART_ADJUSTED_RE = lazy_compile(
    r"(?:部分|有关|个别)(?:成员|组成人员|人员)[^。\n]{0,12}调整|调整[^。\n]{0,40}(?:部分|有关|个别)(?:成员|组成人员)"
)
_LABEL_ROW_RE = lazy_compile(rf"(?m)^[ ]*(?:{ROLE_ALT})[ ]*[：:][ ]*\S")  # 副主任：王五…
_DATE_START_RE = lazy_compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})[ ]*年")
_ITEM_SPLIT_RE = lazy_compile(r"[、，；\s]+")
_FOUNDED_BY_RE = lazy_compile(r"(?:成立|设立|组建|建立)了?(?:由|以)")
# 各学院应成立相应工作小组，由院长任组长 / 各成员单位确定一名处级干部为联络员: each unit's own
# post, described; no member of this body
# 下设A、B两个工作组，分别由市工信局、市大数据局牵头 / 组长分别由张三、李四同志担任
_RESPECTIVE_LEADS_RE = lazy_compile(
    rf"({ROLE_ALT})?分别由([^。；：]{{2,200}}?)"
    rf"(牵头|负责|(?:任|担任)({ROLE_ALT})|担任|任)(?=[，。；]|$)"
)
_COLLECTIVE_WORDS = ("专项工作组", "工作组", "专项小组", "专项组", "小组", "专题组", "保障组", "组")
# a line that is only a list of units and their official (县委办、县财政局、…主要负责同志。), no label
_UNITS_LINE_RE = lazy_compile(
    rf"\n([^\n：:，。；、]{{2,30}}(?:、[^\n：:，。；、]{{2,30}}){{2,}}(?:{UNIT_OFFICIAL_ALT}))[。；]?[ ]*$"
)
# a term before the institution's short self-reference: 第四届校学位评定委员会, 新一届院学术委员会
_TERM_SELF_RE = lazy_compile(r"(第[一二三四五六七八九十0-9]{1,3}届|新一届|本届)(?:校|院|学校|学院|本院|本校)")
_COUNTED_UNITS_RE = lazy_compile(
    r"等[0-9一二两三四五六七八九十]{1,3}个(?:部门|单位|成员单位)(?:和单位)?的?"
    rf"({UNIT_OFFICIAL_ALT})(?:同志)?[ ]*$"
)
_SHARED_OFFICE_RE = lazy_compile(
    r"(?:[0-9一二两三四五六七八九十]+个|各|上述|以上|这些)(?:议事协调)?(?:机构|领导小组|委员会|指挥部)(?:的)?办公室均设(?:在|于)"
    r"([^，。；（）\n]{2,30})"
)
_OFFICIAL_AND_RE = lazy_compile(rf"({UNIT_OFFICIAL_ALT})(?:同志)?和")
_COLLECTIVE_TAIL_RE = lazy_compile(r"(?:和|以及|及|与)各[^，。；、：]{1,24}$")
_UNIT_OFFICIAL_END_RE = lazy_compile(rf"(?:{UNIT_OFFICIAL_ALT})(?:同志)?$")
_ITEM_GROUP_RE = lazy_compile(r"([^\s，。；：、（）]{2,14}(?<!小)(?<!成员)(?<!领导)组)[，：。 ]")
_EACH_ONE_RE = lazy_compile(r"([^，。；：]{2,200}?)各(?!位)(?:一名|1名|一位)?([^，。；：、\s]{2,8})")
_OFFICE_LISTED_RE = lazy_compile(
    r"^(?:[^\s，。；：、]{0,20}?(?:小组|委员会|指挥部|专班|会议))?办公室(?:的)?(?:组成人员|成员|人员组成|人员)"
    r"(?:名单)?(?:如下|为)?[ ]*：([^\n]*)"
)
_EACH_OWN_RE = lazy_compile(
    r"各[^，。；、]{1,20}?(?:要|应|须|需|均|也|可|分别)*(?:相应)?(?:成立|建立|组建|设立|确定|明确|指定|推荐|选派)"
)

_MEMBER_FIELDS = frozenset(Member.model_fields)
_new = object.__new__
_set = object.__setattr__


def _member(role: str, person: str | None, title: str | None, unit: str | None, source: str) -> Member:
    """A Member built without validation: the values are already the right types.

    What `Member.model_construct` does, minus its per-field default handling: that costs
    ~13 µs a member (over 1 ms for a notice of 80 members), this ~2 µs. The state set here
    is pydantic's own (checked against model_construct in tests/parse/test_speed_paths.py).
    """
    m = _new(Member)
    _set(m, "__dict__", {"role": role, "person": person, "title": title, "unit": unit, "source": source})
    _set(m, "__pydantic_fields_set__", set(_MEMBER_FIELDS))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


def _strip_sublabels(holders: str) -> str:
    """委员：\n职能部门：张三、李四\n临床科室：王五 — the sub-lists' labels (not role labels)
    go when only names follow them; each line's persons hold the role of the label above."""

    def drop(m: re.Match[str]) -> str:
        line = holders[m.end() : holders.find("\n", m.end()) % (len(holders) + 1)]
        names = [u for u in _ITEM_SPLIT_RE.split(line) if u]
        if _ROLE_LABEL_RE.search(m.group(2)) or not names or not all(looks_like_name(u) for u in names):
            return m.group(0)  # 市发改委：副主任 张三 — a unit's row, not a sub-list
        return m.group(1)

    return _LINE_SUBLABEL_RE.sub(drop, holders)


def _headed_sublist(header: str, role: str) -> bool:
    """A numbered heading of a sub-list holding the pending role: 临床医技科室委员（按科室排序）,
    所属企业."""
    if role not in _LIST_ROLES or len(header) > 24:
        return False
    heading = _BRACKET_NOTE_RE.sub("", header)
    return heading.endswith((role, "本部", "企业", "单位", "部门"))  # （二）所属企业: the units' members


def _fullest(name: str, mentioned: list[str]) -> str:
    """The longest name the text writes for the same body: 校学位评定委员会 → 新疆农业大学学位评定委员会,
    集团公司2013年防汛防台指挥部 → 连云港港口集团有限公司2013年防汛防台指挥部."""
    short = name.lstrip("校市省县区院")
    rest = names.SELF_REFERENCE_RE.sub("", short)
    short = rest if len(rest) >= 6 else short
    longer = [
        n
        for n in mentioned
        if len(n) > len(name) and n.endswith(short) and not names.is_self_reference(n[: len(n) - len(short)])
    ]  # not 委社会信用体系…领导小组: the issuer's one-character self-reference (委, 院, 局)
    return max(longer, key=len) if longer else name


@dataclass
class _Group:
    name: str
    kind: str | None
    parent: str | None = None
    category: str | None = None
    alias: str | None = None
    seat: str | None = None
    members: list[Member] = field(default_factory=list)
    keys: set[tuple[str, str, str | None]] = field(default_factory=set)
    office: _Group | None = None
    office_named: bool = False
    partial: bool = False  # the notice states only some members (see scrapers.parse.partial)
    # members known only from personnel-change statements (a list stated later gives their title)
    changed: set[tuple[str, str, str | None]] = field(default_factory=set)

    def add(self, role: str, post: Post, source: str, *, changed: bool = False) -> None:
        # a post with no name is known by its title, a unit by its official too (主要负责人和分管负责人)
        key = (role, post.person or post.unit or post.title or "", None if post.person else post.title)
        if key in self.changed and not changed:  # 调整后的成员名单如下 after the changes: the list's
            self.changed.discard(key)
            at = next(
                i
                for i, m in enumerate(self.members)
                if m.role == role and (m.person or m.unit or m.title) == key[1]
            )
            self.members[at] = _member(role, post.person, post.title, post.unit, source)
            return
        if key in self.keys or not key[1]:
            return
        self.keys.add(key)
        if changed:
            self.changed.add(key)
        self.members.append(_member(role, post.person, post.title, post.unit, source))

    def title_units(self, role: str, official: str) -> None:
        """成员由各成员单位负责同志担任 after the unit list: the listed units get that official."""
        for m in self.members:
            if m.role == role and m.unit and m.title is None:
                m.title = official

    def holder(self, role: str) -> str | None:
        return next((m.person or m.unit for m in self.members if m.role == role), None)


class _Builder:
    def __init__(self, text: str, title: str | None) -> None:
        self.text = text
        self.title = title or _find_title(text)
        self.segs = segments(text)
        self.aliases = names.aliases(text)
        self.events = names.events(text, self.title)
        self.bodies: list[_Group] = []
        self.subgroups: dict[str, _Group] = {}
        self.sub_order: list[_Group] = []
        self.pending_unit_title: dict[tuple[str, str], str] = {}
        self.changes: list[Change] = []
        self.piece_cache: dict[str, list[tuple[str, str]]] = {}
        self.abolished: list[str] = []
        self.declared = names.declared_subgroups(text)
        # bodies the notice abolishes: an item naming one (4.…领导小组及其办公室) opens nothing
        self.hint: str | None = None  # the category a heading gave the sub-groups after it
        self.abolish_names = {e.group for e in self.events if e.type == "abolish"}
        self.headers = self._find_body_headers()
        self.main = self._body(self._main_name())
        self.cut_off = partial_mod.cut_off(text)

    # ---- groups -------------------------------------------------------------------------

    def _main_name(self) -> str | None:
        """The body the notice is about: a rename/merge target, else the title's, else the text's."""
        if len(self.headers) >= 2:
            return self.headers[0]
        title_name = names.title_body(self.title)
        if title_name is None and self.title and self._new_body_name(self.title):
            title_name = self.title  # a standing page headed by the body's name
        targets = [e.group for e in self.events if e.type in ("rename", "merge")]
        # the one the title names (将A和B合并为C；D更名为E … 关于合并调整C的通知), else the first written
        targets.sort(key=lambda t: (not _same_body(t, title_name), self.text.find(t) % (len(self.text) + 1)))
        target = targets[0] if targets else None
        if target:
            fuller = title_name and title_name != target and title_name.endswith(target)
            return title_name if fuller else target
        mentioned = names.establish_names(self.text) + names.adjust_names(self.text)
        # a bare 专门委员会 set up under the body is not the body
        mentioned = [n for n in mentioned if not (names.SUB_BODY_RE.search(n) and len(n) <= 5)]
        body_name = mentioned[0] if mentioned else None
        if title_name:
            full = [n for n in mentioned if _abbreviates(title_name, n)]
            if title_name not in mentioned and len(full) == 1:
                return full[0]  # a headline's short name (创城指挥部) for the one the text sets up in full
            inner = {n for n in mentioned if _fuller_inside(title_name, n)}
            if len(inner) == 1:
                return inner.pop()  # 老竹镇X in the title, 老竹畲族镇X in the text: the text's full form
            return (
                self._issuer_named(title_name) or self._placed(title_name) or _fullest(title_name, mentioned)
            )
        if body_name and len(full := [n for n in mentioned if _abbreviates(body_name, n)]) == 1:
            body_name = full[0]  # 延吉成立创城指挥部 (a headline) … 决定成立延吉市创建全国文明城市指挥部
        if body_name and names.SELF_REFERENCE_RE.match(body_name):
            body_name = _fullest(body_name, mentioned)
        if body_name:
            # a headline (wrapped over lines) or the title names the body in full: 鞍山市政府成立
            # 2015年全国1%人口抽样调查\n工作协调小组… before 成立了调查工作协调小组
            head = _WRAPPED_RE.sub("", self.text[:400]) + "\n" + (self.title or "")
            in_head = names.establish_names(head) + names.adjust_names(head)
            in_full = [n for n in in_head if len(n) > len(body_name) and n.endswith(body_name)]
            body_name = in_full[0] if in_full else body_name
        if body_name and (full_name := names.fuller_name(self.text, body_name) or self._placed(body_name)):
            body_name = full_name  # no title: the name as the text writes it in full elsewhere
        body_name = body_name or names.listed_body(self.text) or (self.headers[0] if self.headers else None)
        if body_name is None and (labelled := _LABELLED_BODY_RE.search(self.text)):
            return names.clean(labelled.group(1))  # （一）校庆筹备工作领导小组组长：… in a plan
        about_bodies = self.title is None or _ABOUT_BODIES_RE.search(self.title)
        if body_name is None and about_bodies and (first := names.NAME_RE.search(self.text)):
            # 关于调整市安委会部分成员的通知: the title names the body only by its short name
            body_name = _MENTION_LEAD_RE.sub("", names.clean(first.group())) or None
        return body_name

    def _placed(self, name: str) -> str | None:
        """关于调整区森林草原防灭火指挥部…: the text writes the place in full (西宁市湟中区森林…)."""
        if name[:1] not in "市县区" or len(name) < 6:
            return None
        full = names.fuller_name(self.text, name[1:])  # 海东 + 市禁毒委员会
        if (
            full
            and full.endswith(name)
            and len(full) > len(name)
            and not _VERB_IN_PLACE_RE.search(full[: -len(name)])
        ):
            return full
        at = self.text.find(name)  # 现对西宁市湟中 + 区…: after the verb
        for _ in range(8):
            if at == -1:
                return None
            before = self.text[max(0, at - 14) : at]
            for k in range(len(before) - 1):
                place = before[k:]
                if _VERB_IN_PLACE_RE.search(place):
                    continue
                # a bare place (海东) only before the name's own short form: …（以下简称市禁毒委）
                aliased = self.text.startswith("（以下简称", at + len(name))
                if _HIGHER_PLACE_RE.fullmatch(place) or (aliased and _BARE_PLACE_RE.fullmatch(place)):
                    return place + name
            at = self.text.find(name, at + len(name))
        return None

    def _issuer_named(self, name: str) -> str | None:
        """新疆农业大学关于调整学校教材建设与管理委员会…: 学校 is the issuer before 关于, and the text
        writes the body in full (新疆农业大学教材建设与管理委员会)."""
        issuer = self.title and self.title.split("关于", 1)[0]
        if not issuer or "关于" not in (self.title or ""):
            return None
        m = names.SELF_REFERENCE_RE.match(name)
        if m and len(name) - m.end() >= 6:
            full = issuer + name[m.end() :]
            return full if full in self.text else None
        if (term := _TERM_SELF_RE.match(name)) and len(name) - term.end() >= 4:
            # 第四届校学位评定委员会: the text writes 华东理工大学第四届学位评定委员会
            full = issuer + term.group(1) + name[term.end() :]
            return full if full in self.text else None
        return None

    def _introduced(self, seg: Segment) -> str | None:
        """The body a numbered item renames, merges into or sets up (（三）将A和B合并调整为C，…)."""
        if not seg.numbered or seg.header or not _INTRODUCING_RE.search(seg.text):
            return None
        found = [e.group for e in names.events(seg.text, None) if e.type in ("rename", "merge")]
        found = found or names.establish_names(seg.text)
        return found[0] if found else None

    def _find_body_headers(self) -> list[str]:
        declared = {n for n, _ in self.declared} | set(names.GROUP_KINDS) | set(self.aliases.values())
        declared |= self.abolish_names
        out = []
        for seg in self.segs:
            h = seg.header or self._introduced(seg)
            if (
                h
                and h not in declared
                and names.NAME_RE.fullmatch(h)
                and names.kind_of(h) in names.MAIN_KINDS
                and not names.SUB_BODY_RE.search(h)
            ) and h not in out:
                out.append(h)
        return out

    def _body(self, name: str | None) -> _Group | None:
        if not name:
            return None
        for b in self.bodies:
            if b.name == name:
                return b
        alias = self.aliases.get(name) or next((a for n, a in self.aliases.items() if name.endswith(n)), None)
        body = _Group(name, names.kind_of(name), alias=alias)
        self.bodies.append(body)
        return body

    def _subgroup(self, name: str, parent: _Group, category: str | None) -> _Group:
        if name not in self.subgroups:
            g = _Group(name, category or names.kind_of(name), parent=parent.name, category=category)
            self.subgroups[name] = g
            self.sub_order.append(g)
        return self.subgroups[name]

    def _office(self, body: _Group, prefix: str | None = None) -> _Group:
        if body.office is None:
            default = (body.alias or body.kind or "") + "办公室"
            body.office = _Group(default, "办公室", parent=body.name, category="办公室")
            if prefix is None and body.name + "办公室" in self.text:  # named in full somewhere
                prefix = body.name
        short_name = prefix and len(prefix) <= 8 and prefix[-1] in "委会组班部"  # 安委会办公室
        if prefix and not body.office_named and (self._refers_to(prefix, body) or short_name):
            body.office.name = prefix + "办公室"
            body.office_named = True
        return body.office

    def _refers_to(self, ref: str, body: _Group) -> bool:
        return (
            ref in (body.name, body.alias, body.kind)
            or (len(ref) >= 4 and body.name.endswith(ref))
            or ref in self.aliases.values()
        )

    def resolve(self, gref: str, ctx: _Group, body: _Group) -> _Group:
        g = gref.strip()
        if not g:
            return ctx
        if g.endswith("办公室"):
            prefix = g[: -len("办公室")]
            target = next((b for b in self.bodies if prefix and self._refers_to(prefix, b)), body)
            return self._office(target, prefix or None)
        if g.endswith(("委办", "组办")) and len(g) >= 3:  # 县安委办 / 领导小组办: the body's office, short
            short = g[:-1]
            found = next(
                (b for b in self.bodies if self._refers_to(short, b) or self._refers_to(short + "会", b)),
                None,
            )
            if found is not None:
                return self._office(found)
        for name in (g, g + "组"):
            if name in self.subgroups:
                return self.subgroups[name]
        for b in self.bodies:
            if self._refers_to(g, b):
                return b
        abbreviated = [b for b in self.bodies if _abbreviates(g, b.name)]
        if len(abbreviated) == 1:  # 安委会 for 街道安全生产委员会, 减灾委 for 县减灾委员会
            return abbreviated[0]
        if self._new_body_name(g):  # 任县河道整治领导小组组长、县粮食安全工作领导小组组长
            return self._body(g)  # type: ignore[return-value]
        if _SUBGROUP_HEADER_RE.match(g) and body is not None:
            return self._subgroup(g, body, self.hint)  # （一）抢险救援组　组长：… under 三、工作组
        return ctx

    def _new_body_name(self, ref: str) -> bool:
        """Whether a reference names in full a body of its own (another body of the notice)."""
        return (
            len(ref) >= 6
            and names.kind_of(ref) in names.MAIN_KINDS
            and not names.SUB_BODY_RE.search(ref)
            and names.NAME_RE.fullmatch(ref) is not None
            and names.clean(ref) == ref
            and ref[:2] not in ("领导", "协调", "工作")
        )

    # ---- walk -----------------------------------------------------------------------------

    def build(self) -> None:
        if self.main is None or _APPOINTMENTS_RE.search(self.title or ""):  # 关于王某等同志职务任免的通知
            return
        multi = self.headers
        multi = multi if len(multi) >= 2 else []
        for name, category in self.declared:
            self._subgroup(name, self.main, category)
        body = ctx = self.main
        explicit = False
        hint: str | None = None
        abolishing = False
        # the role of a label with nothing after it (委员：), and what its list has held so far
        # (P persons, U units, "" nothing yet)
        pending: tuple[str, str] | None = None
        carried: str | None = None  # the role of a table's rows that a break may continue
        leaders_before: str | None = None  # the leaders' role the segment before ended with
        # 对…部分成员调整如下: a seat filled (…主任由王五同志兼任) is a change, not a full listing
        partly = _PART_ADJUSTED_RE.search(self.text[:600]) is not None
        for i, seg in enumerate(self.segs):
            if abolishing and seg.header and names.NAME_RE.fullmatch(names.clean(seg.header)):
                self.abolished.append(names.clean(seg.header))  # （四）福建省…联席会议。 under 撤销
                continue
            if (
                self.abolish_names
                and seg.header
                and _ABOLISHED_TAIL_RE.sub("", names.clean(seg.header)) in self.abolish_names
            ):
                continue
            if seg.header:
                body, ctx, explicit, hint = self._header(seg.header, body, hint, multi)
                abolishing = "撤销" in seg.header
            elif multi and (introduced := self._introduced(seg)) in multi:
                body = ctx = self._body(introduced) or body
                explicit, abolishing = True, False
            elif declared := _CATEGORY_DECLARED_RE.search(seg.body):  # 下设三个专项工作组：
                hint = declared.group(1)
            if abolishing and _KEPT_HEADING_RE.match(seg.body):  # 二、保留机构任职：… (kept bodies)
                abolishing = False
            self.hint = hint
            if abolishing:  # 二、撤销的非常设机构 → the bodies listed under it
                self.abolished.extend(names.listed_names(seg.body))
                continue
            self._offices(seg.body, body)
            seats = partly and bool(
                changes_mod.SEAT_BY_RE.search(seg.body) or changes_mod.SEATED_RE.search(seg.body)
            )
            # 一、调出\n成员：张三…: a heading that says what the rows under it do
            said_by = changes_mod.rows_heading(seg.header) if seg.header else ""
            change_text = said_by + seg.body
            if (changes_mod.has_trigger(change_text) or seats) and (
                used := self._changes(change_text, ctx, body, seats=seats)
            ):
                rest = _outside(change_text, used)[
                    len(said_by) :
                ]  # 主任：张三（原为李四）\n副主任：… : rows left
                # …李四同志任组长，王五同志任副组长；张三同志不再担任组长: the seats named beside the change
                if not (_LABEL_ROW_RE.search(rest) or changes_mod.SEATED_RE.search(rest)):
                    continue
                seg = seg._replace(body=rest)
            lost_header = named_subgroup = False
            seg_ctx, seg_explicit = ctx, explicit
            office_at = _office_seat(seg.body) if "办公室设" in seg.body else None
            shared_office = self._shared_offices(seg.body)
            office_in_sentence: _Group | None = None  # the office this sentence named
            if seg.numbered and not seg.header and (led := self._item_subgroup(seg.body)) is not None:
                ctx, explicit, named_subgroup = led, True, True  # 一、防治组，…厅长何崇远同志任组长。
            seg_body = body
            if (founded := self._founded_here(seg.body, body)) is not None:
                # 湖南成立由许达哲任组长…的X领导小组, 礼泉县成立了县X领导小组，县长王五任组长 in a
                # report on several bodies: the sentence's statements (and office) are X's
                body = ctx = founded
                explicit = named_subgroup = True
            if (
                "办公室" in seg.body[:30]  # where _OFFICE_LISTED_RE can find it: a cheap test first
                and (listed := _OFFICE_LISTED_RE.match(seg.body))
                and not listed.group(1).strip()
            ):
                # 办公室组成人员如下：\n主任：…\n副主任：… — the labels after it are the office's
                ctx, explicit, named_subgroup = self._office(body), True, True
            elif seg.numbered and (opening := _OFFICE_OPENS_RE.match(seg.body)):
                # （二）校庆筹备办公室（在…领导下开展日常工作）主任：… : the item is the office's
                office = self._office(body, opening.group(1) or None)
                if opening.group(1) and not body.office_named:  # the name the item gives it
                    office.name, body.office_named = opening.group(), True
                ctx, explicit, named_subgroup = office, True, True
            sublabel = _SUBLABEL_RE.match(seg.body) if pending and seg.numbered and not seg.header else None
            if pending and sublabel and not _ROLE_LABEL_RE.search(sublabel.group(1)):
                # 委员：\n（一）教学单位：王五、赵六\n（二）职能部门：钱七 → each sub-list holds 委员
                seg = seg._replace(body=pending[0] + "：" + seg.body[sublabel.end() :])
            else:
                sublabel = None
            if pending and seg.numbered and seg.header and _headed_sublist(seg.header, pending[0]):
                # 委员：\n（一）职能部门委员\n张三 医务部主任\n（二）临床科室委员（按科室排序）\n…
                seg = seg._replace(body=pending[0] + "：" + seg.body)
                sublabel = _SUBLABEL_RE.match(seg.body)
            if "分别由" in seg.body and self.sub_order and (turns := self._respective_leads(seg.body, body)):
                seg = seg._replace(body=_outside(seg.body, [turns]))  # 下设A、B两组，分别由X、Y牵头
            said = statements(seg.body)
            if said and "工作人员" in seg.body:  # staff only as a label (工作人员：…), not 为专职工作人员
                said = [st for st in said if st.role not in _LABEL_ONLY_ROLES or st.role + "：" in st.source]
            if said and carried and not seg.header and (lead := self._carried_rows(seg, said[0], carried)):
                said.insert(0, lead)  # 副组长\n李四\n…\n\n王五\n…: a blank role cell after a break
            carried = said[-1].role if said and _ROWS_END_RE.search(seg.body) and not said[-1].units else None
            if said and "\n" in said[-1].holders and not said[-1].units:
                said = self._unlabelled_units(said, body)
            if said:  # 委员：(nothing after it) → the sub-lists after it hold 委员
                last = said[-1]
                empty = not (last.mention or last.holders.strip())
                if sublabel and len(said) == 1:
                    pass  # the next sub-list holds the same role
                else:
                    pending = (last.role, "U" if last.units else "") if empty else None
            elif "。" not in seg.body.rstrip("。"):  # a list, not a sentence
                said, pending = self._sublist(i, seg, pending)
                if not said and leaders_before and not seg.header:  # 副组长：…\n\n县委办、…主要负责同志。
                    said = self._unlabelled_units(
                        [Statement("", leaders_before, "\n" + seg.body, seg.body)], body
                    )[1:]
            else:
                pending = None
            leaders_before = (
                said[-1].role if said and said[-1].role not in _LIST_ROLES and not said[-1].units else None
            )
            for st in said:
                if st.mention:
                    self._mention(st)
                    continue
                target: _Group | None = self.resolve(st.gref, ctx, body)
                assert target is not None
                if st.gref and target.category != "办公室" and (target.parent or target is not body):
                    # 医疗救治组 组长：… 成员：… / 2、县地名委员会 主任：… 副主任：… (rest of the sentence)
                    ctx, explicit = target, True
                    named_subgroup = True
                short_office = st.gref.strip().endswith("办")  # 办公室设在…，由…兼任县安委办主任
                if (
                    office_at
                    and (not st.gref or short_office)
                    and seg.body.find(st.source) > office_at.start()
                ):
                    target = self._office(body)  # 办公室设在…，主任由…兼任
                elif st.gref and target.category == "办公室":
                    office_in_sentence = target  # 办公室主任由…兼任；常务副主任由…；副主任由…
                    if seg.body.startswith(st.gref.strip()):  # （二）领导小组办公室 主任：… 成员：…
                        ctx, explicit, named_subgroup = target, True, True
                elif office_in_sentence and not st.gref and st.role.endswith("主任"):
                    target = office_in_sentence
                if st.units:
                    title = self.pending_unit_title.get((target.name, st.role))
                    cut = ItemSources(st.source)
                    for post in read_units(st.holders, title):
                        target.add(st.role, post, cut.cut(post.unit))
                    self._listed(target, st.holders, i)
                    continue
                if st.holders.lstrip(" 　").startswith("\n"):
                    st = st._replace(holders=_strip_sublabels(st.holders))
                if "各" in st.holders and not st.units:
                    st = st._replace(holders=_without_collective(st.holders))
                if not st.units and "和" in st.holders and (lists := _unit_lists(st.holders)):
                    # 市水利局、市公安局主要负责人和临桂区、阳朔县分管负责同志: two unit lists, each
                    # with its own official (none when the page stops inside the second)
                    cut = ItemSources(st.source)
                    for post in lists:
                        target.add(st.role, post, cut.cut(post.unit))
                    self._listed(target, st.holders, i)
                    continue
                each = _EACH_ONE_RE.fullmatch(st.holders.strip()) if "各" in st.holders else None
                if each and not st.units:
                    # 副主任由市生态环境局、市水利局各一名副局长兼任: each unit's official
                    units = read_units(each.group(1), each.group(2))
                    if units and all(u.unit and is_unit(u.unit) for u in units):
                        cut = ItemSources(st.source)
                        for post in units:
                            target.add(st.role, post, cut.cut(post.unit))
                        continue
                if (counted := _COUNTED_UNITS_RE.search(st.holders)) and not st.units:
                    # 县文旅局、沱江镇、古城管委会等15个单位主要负责人: units, each with the official
                    units = read_units(st.holders[: counted.start()], counted.group(1))
                    if units and all(u.unit and is_unit(u.unit) for u in units):
                        cut = ItemSources(st.source)
                        for post in units:
                            target.add(st.role, post, cut.cut(post.unit))
                        target.partial = target.partial or "等" in counted.group()
                        continue
                posts, official = read_holders(st.holders, self.piece_cache)
                if (
                    len(posts) > 1
                    and posts[-1].title
                    and "，" in st.holders
                    and not any(p.person for p in posts)
                ):
                    # 商务厅、北部湾办，南宁市、钦州市人民政府等单位分管负责同志: one official for all
                    shared = posts[-1].title
                    posts = [p._replace(title=shared) if p.unit and p.title is None else p for p in posts]
                if posts and st.holders.count("\n") >= 2:
                    posts = posts + _post_only_lines(st.holders, posts)  # 自治区人民政府秘书长 among names
                if posts and "各" in seg.body and self._each_own(seg.body, st.source):
                    posts = [p for p in posts if p.person or p.unit]  # 各单位确定一名干部为联络员
                if not (posts or official) and _UNITS_TAIL_RE.search(st.holders):
                    # 成员包括市发改委、市住建局等20个部门: units, no official named
                    units = read_units(st.holders, None)
                    if units and all(u.unit and is_unit(u.unit) for u in units):
                        cut = ItemSources(st.source)
                        for post in units:
                            target.add(st.role, post, cut.cut(post.unit))
                        continue
                if (
                    st.respective
                ):  # 副县长李四、王五、赵六分别任常务副主任、副主任: in turn, the rest the last
                    k, n = st.respective
                    posts = posts[k : k + 1] if k < n - 1 else posts[k:]
                if official and not posts:
                    self.pending_unit_title[(target.name, st.role)] = official
                    target.title_units(st.role, official)
                if posts and target is body and not st.gref and not explicit:
                    found = self._garbled_target(target, st.role, posts, i, st.source)
                    if found is not target:  # later statements of this sentence go there too
                        lost_header = True
                        ctx, explicit = (found, True) if found else (body, True)
                    target = found
                elif lost_header and not st.gref:
                    target = ctx if ctx is not body else None
                if target is None:
                    continue
                if posts:
                    self._listed(target, st.holders, i)
                cut = ItemSources(st.source.strip())  # each post keeps its own item of a long list
                for post in posts:
                    source = cut.cut(post.person or post.unit)
                    if post.also in ROLE_QUALIFIERS:  # 副组长：苗卫东（常务） → 常务副组长
                        role = post.also + st.role if st.role.startswith("副") else st.role
                        target.add(role, post._replace(also=""), source)
                        continue
                    target.add(st.role, post, source)
                    if shared_office and target.category == "办公室":  # 三个机构的办公室均设在…，由…兼任主任
                        for b in self.bodies:
                            if b.office is not None and b.office is not target:
                                b.office.add(st.role, post, source)
                    if post.also:  # 张明 市委常委、常务副市长（兼领导小组办公室主任）
                        self._also(post, target, body, source)
            if named_subgroup and not lost_header:  # the sub-group named in a sentence ends with it
                ctx, explicit = seg_ctx, seg_explicit
            body = seg_body

    def _shared_offices(self, text: str) -> bool:
        """三个机构的办公室均设在街道应急办 / 上述机构办公室均设在…: each body of the notice has an
        office there (named in full, the bodies' kinds may repeat); the heads named after it
        head each one. Whether the segment says so."""
        if len(self.bodies) < 2 or "均设" not in text or not (m := _SHARED_OFFICE_RE.search(text)):
            return False
        for b in self.bodies:
            office = self._office(b, b.name)
            office.seat = office.seat or m.group(1)
        return True

    def _unlabelled_units(self, said: list[Statement], body: _Group) -> list[Statement]:
        """副组长：…\n李四 副县长\n县委办、县财政局、…主要负责同志。: the last line, units and
        their official with no label, is the member list (成员, or 委员 in a committee)."""
        last = said[-1]
        m = _UNITS_LINE_RE.search(last.holders.rstrip())
        if m is None or last.role in _LIST_ROLES:
            return said
        items = [u for u in m.group(1).split("、")]
        if not all(is_unit(u) for u in items[:-1]):
            return said
        posts, _ = read_holders(m.group(1), self.piece_cache)
        if not posts or any(p.person for p in posts):
            return said
        role = next((st.role for st in said if st.role in _LIST_ROLES), None)
        role = role or ("委员" if body.kind == "委员会" else "成员")
        head = last.holders[: m.start()]
        return [*said[:-1], last._replace(holders=head), Statement("", role, m.group(1), m.group(1))]

    @staticmethod
    def _each_own(text: str, source: str) -> bool:
        """Whether the statement is said of each unit's own post (各乡镇要成立相应机构，由乡镇长
        任组长; 各成员单位确定一名干部为联络员): 各… before its end, in its sentence."""
        at = text.find(source)
        end = len(text) if at == -1 else at + len(source)
        start = text.rfind("。", 0, max(0, at)) + 1
        return _EACH_OWN_RE.search(text, start, end) is not None

    def _respective_leads(self, text: str, body: _Group) -> tuple[int, int] | None:
        """下设A、B两个工作组，分别由X、Y牵头 (or 组长分别由张三、李四担任): each sub-group named
        before, in order, gets its own lead. The span of the sentence so read."""
        m = _RESPECTIVE_LEADS_RE.search(text)
        if m is None:
            return None
        start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        head = text[start : m.start()]
        placed = []
        for g in self.sub_order:
            stem = next((g.name[: -len(w)] for w in _COLLECTIVE_WORDS if g.name.endswith(w)), g.name)
            at = head.find(g.name) if g.name in head else head.find(stem) if len(stem) >= 2 else -1
            if at != -1 and g.parent == body.name:
                placed.append((at, g))
        groups = [g for _, g in sorted(placed, key=lambda p: p[0])]
        role = m.group(4) or m.group(1)  # 分别由X、Y牵头 alone gives no role (gold differs: 023, 314)
        items = [u.strip() for u in re.split(r"[、，]", m.group(2)) if u.strip()]
        if len(items) > 1 and (official := _UNIT_OFFICIAL_END_RE.search(items[-1])):
            units = [*items[:-1], items[-1][: official.start()]]
            if all(is_unit(u) for u in units):  # 组长分别由县政府办、县卫健局主要负责同志担任
                items = [u + official.group() for u in units]
        if role is None or len(groups) < 2 or len(items) != len(groups):
            return None
        source = text[start : m.end()]
        for g, item in zip(groups, items, strict=True):
            if is_unit(item):
                posts = read_units(item, None)
            else:
                posts, _ = read_holders(item, self.piece_cache)
            for post in posts[:1]:
                g.add(role, post, source)
        return start, m.end()

    def _carried_rows(self, seg: Segment, first: Statement, role: str) -> Statement | None:
        """Persons, one cell per line, before a segment's first label: they hold the role
        of the rows the segment before ended with (the role cell left blank)."""
        start = seg.body.find(first.source)
        lead = seg.body[:start] if start > 0 else ""
        if not lead.strip() or "\n" not in lead.strip() or any(c in lead for c in "。，；：、"):
            return None
        posts, _ = read_holders(lead, self.piece_cache)
        if not posts or not all(p.person and p.title for p in posts):
            return None
        return Statement("", role, lead, lead)

    def _sublist(
        self, i: int, seg: Segment, pending: tuple[str, str] | None
    ) -> tuple[list[Statement], tuple[str, str] | None]:
        """A segment with no statement of its own: a list under a heading with no colon
        ((一）部门委员), or a list after a label with nothing after it (委员：\n（一）省直部门…,
        成员：\n\n张三 …). Its statements, and the role the segments after it continue."""
        if seg.header:
            found = statements(f"{seg.header}\n{seg.body}\n")
            if found:  # （一）部门委员 (its list below it, or in the segments after it)
                return found, (found[-1].role, "")
            if not seg.numbered or pending is None:
                return [], None
        if pending is None or "。" in seg.body:  # a sentence (二、工作机构\n…下设办公室，…。) ends the list
            return [], None
        role, held = pending
        rest = seg.body[: list_end(seg.body)]
        if not rest.strip():
            return [], pending if seg.header else None
        items = [u for u in _ITEM_SPLIT_RE.split(rest.strip()) if u]
        if items and all(len(u) >= 3 and is_unit(u) for u in items):  # 委员：\n\n县委办\n\n县政府办
            following = self.segs[i + 1].text if i + 1 < len(self.segs) else ""
            if held == "P" or _DATE_START_RE.match(following):  # the signature after the list
                return [], None
            return [Statement("", role, rest, seg.text, units=True)], (role, "U")
        posts, _ = read_holders(rest, self.piece_cache)
        if held == "U" or not posts or not all(p.person for p in posts):  # persons or units, not both
            return [], None
        return [Statement("", role, rest, seg.text)], (role, "P")

    def _item_subgroup(self, text: str) -> _Group | None:
        """A numbered item that opens with a declared sub-group's name and goes on in the
        same sentence (一、防治组，以省卫生厅为主，…任组长): the item is that sub-group's."""
        for name, g in self.subgroups.items():
            if text.startswith(name) and text[len(name) : len(name) + 1] in ("，", "：", " ", "（"):
                return g
        if self.hint and self.main and (m := _ITEM_GROUP_RE.match(text)):
            # 下设3个工作组：\n（一）综合协调组，由省应急厅牵头…: an item named by its group
            return self._subgroup(m.group(1), self.main, self.hint)
        return None

    def _founded_here(self, text: str, body: _Group) -> _Group | None:
        """The body a sentence sets up with its leaders (成立以应勇为组长的X), when it is not
        the one in context: the sentence's statements are that body's."""
        founded_by = ("由" in text or "以" in text) and _FOUNDED_BY_RE.search(text)  # a cheap test first
        if not founded_by and not (body.members and "成立" in text):
            return None  # 成立X，Y任组长 once the body in context has its members: another body
        for name in names.establish_names(text):
            if name.endswith(body.name) or body.name.endswith(name) or self._refers_to(name, body):
                return None
            if self._new_body_name(name):
                return self._body(name)
        return None

    def _mention(self, st: Statement) -> None:
        """A holder a news report names in passing: kept only for a body the notice is about."""
        gref = st.gref.removesuffix("办公室")
        known = next((b for b in self.bodies if self._refers_to(gref, b)), None)
        if known is None:
            return
        introduced = names.establish_names(self.text) + names.adjust_names(self.text)
        if not any(self._refers_to(n, known) or known.name.endswith(n) for n in introduced):
            return  # a report on a standing body's meeting sets nothing up: no record of it
        target = self._office(known, gref) if gref != st.gref else known  # 领导小组办公室主任马金刚
        if target.holder(st.role):
            return
        posts, _ = read_holders(st.holders, self.piece_cache)
        for post in posts[:1]:
            if post.person and looks_like_name(post.person):  # not 委员会秘书处设在…
                target.add(st.role, post, st.source)

    def _listed(self, target: _Group, holders: str, i: int) -> None:
        """A list for `target` was read from segment i: partial if it ends in 等 or the page
        stops inside it."""
        if partial_mod.ends_with_etc(holders) or (i == len(self.segs) - 1 and self.cut_off):
            target.partial = True

    def _header(
        self, header: str, body: _Group, hint: str | None, multi: list[str]
    ) -> tuple[_Group, _Group, bool, str | None]:
        if header in multi:
            b = self._body(header)
            assert b is not None
            return b, b, True, None
        declared = hint is not None and _SUBGROUP_HEADER_RE.match(header)
        for word in names.CATEGORIES:
            if word in header and not declared:  # 物资保障组 under 下设三个专项工作组 stays a 工作组
                hint = word
        if header in names.CATEGORIES or header.startswith("各"):  # 三、工作组: a heading, not a group
            return body, body, False, header if header in names.CATEGORIES else hint
        if (sub := names.SUB_BODY_RE.search(header)) and header != body.name:
            if sub.start() < 2:  # 二、专业委员会: a heading over the committees that follow
                return body, body, False, hint
            return body, self._subgroup(header, body, None), True, hint  # （一）县消防安全专业委员会
        name = (
            header if header in self.subgroups else header + "组" if header + "组" in self.subgroups else None
        )
        if (
            name is None
            and _SUBGROUP_HEADER_RE.match(header)
            and not self._refers_to(header, body)
            and not _HEADING_WORDS_RE.search(header)  # 二、领导小组下设工作组: a heading
            and names.kind_of(header) not in names.MAIN_KINDS
        ):
            name = header
        if name:
            category = self.subgroups[name].category if name in self.subgroups else hint
            return body, self._subgroup(name, body, category), True, hint
        if header.endswith("办公室"):
            return body, self._office(body, header[: -len("办公室")] or None), True, hint
        return body, body, False, hint

    def _garbled_target(
        self, target: _Group, role: str, posts: list[Post], i: int, source: str
    ) -> _Group | None:
        """A second holder of a single-holder role of the body: a sub-group whose header was lost."""
        held = target.holder(role)
        if role not in SINGLE_ROLES or held is None or held == (posts[0].person or posts[0].unit):
            return target
        following = "".join(s.text for s in self.segs[i + 1 : i + 3])
        for name, g in self.subgroups.items():
            stem = name[:-1]
            if len(stem) >= 2 and stem in following:
                return g
        if not self.subgroups and _TABLE_ROW_RE.match(source):
            return target  # no sub-group declared: a second 组长 row of a table is the body's own
        return None

    def _offices(self, body_text: str, body: _Group) -> None:
        if "办公室" not in body_text:
            return
        for m in _OFFICE_RE.finditer(body_text):
            if not m.group(1) and not is_unit(m.group(2).strip()):
                continue
            office = self._office(body, self._office_prefix(body_text, m.start(), body))
            office.seat = office.seat or m.group(2).strip()
        if bare := _BARE_OFFICE_RE.search(body_text):  # 专班下设办公室: the office as the text calls it
            if bare.group(1) and not body.office_named:  # 委员会下设市河长制办公室: named there
                office = self._office(body)
                office.name, body.office_named = bare.group(1) + "办公室", True
            else:
                prefix = self._office_prefix(body_text, bare.start(), body)
                self._office(body, prefix if prefix and len(prefix) <= 5 else None)
        if "办事机构" in body_text and (named := _OFFICE_IS_RE.search(body_text)):
            # 市委外事工作委员会办公室为市委外事工作委员会的办事机构
            prefix = self._office_prefix(body_text, named.start(), body)
            if prefix and self._refers_to(prefix, body):
                self._office(body, prefix)

    def _also(self, post: Post, ctx: _Group, body: _Group, source: str) -> None:
        m = _ALSO_RE.match(post.also)
        if m:
            target = self.resolve(m.group(1), ctx, body) if m.group(1) else ctx
            target.add(m.group(2), post._replace(also=""), source)

    def _office_prefix(self, text: str, end: int, body: _Group) -> str | None:
        """The body named right before 办公室设在: the longest known name, or a short one at a boundary."""
        m = _OFFICE_PREFIX_RE.search(text, max(0, end - 30), end)
        if not m:
            return None
        words = m.group()
        for k in range(len(words), 0, -1):
            if self._refers_to(words[-k:], body):
                return words[-k:]
        return words if len(words) <= 8 and words[-1] in "委会组班部" else None

    def _changes(
        self, body_text: str, ctx: _Group, body: _Group, *, seats: bool = False
    ) -> list[tuple[int, int]]:
        """Record the segment's personnel changes; the spans of text they used (none: empty).
        `seats`: the notice changes only some posts, so 主任由王五担任 is a change too."""
        found, spans = changes_mod.change_statements(body_text, seats=seats)
        targets = {st.gref: self.resolve(st.gref, ctx, body) for st in found}
        found = changes_mod.paired_in_sentences(body_text, found, lambda gref: targets[gref].name)
        for st in found:
            target = targets[st.gref]
            if st.added:
                target.add(st.role, st.added, st.source.strip(), changed=True)
            if st.kept:  # 继续担任: a member the notice states, no change
                continue
            self.changes.append(
                Change(
                    group=target.name,
                    role=st.role,
                    removed=_holder(st.removed),
                    added=_holder(st.added),
                    source=st.source,
                )
            )
        return spans if found else []

    # ---- output ---------------------------------------------------------------------------

    def groups(self) -> list[Group]:
        out: list[Group] = []
        report = partial_mod.is_report(self.text)
        for b in self.bodies:
            b.members = _named_over_described(b.members)
            subs = [g for g in self.sub_order if g.parent == b.name]
            if not (b.members or b.office or subs):
                continue
            if report or not b.members or partial_mod.leaders_only([m.role for m in b.members]):
                b.partial = True  # a report summarises; a body given no members or leaders only
            if report:  # …and says of its office and sub-groups only what it retells
                for g in [b.office, *subs]:
                    if g is not None:
                        g.partial = True
            out.append(_to_group(b, parent=None))
            if b.office:
                out.append(_to_group(b.office, parent=b.name))
            out.extend(_to_group(g, parent=b.name) for g in subs)
        return out

    def event_list(self) -> list[Event]:
        out: list[Event] = []
        acted = set()
        if _APPOINTMENTS_RE.search(self.title or ""):
            return []
        for e in self.events:
            group = e.group
            if self.main and e.type in ("rename", "merge") and self.main.name.endswith(group):
                group = self.main.name
            acted.add(group)
            out.append(Event(type=e.type, group=group, **{"from": list(e.from_)}))
        for name in self.abolished:
            out.append(Event(type="abolish", group=name, **{"from": []}))
        verb = "establish" if self._establishes() else "adjust"
        for b in self.bodies:
            if b.name not in acted and (b.members or b.office or self.changes):
                out.append(Event(type=verb, group=b.name, **{"from": []}))
        seen, unique = set(), []
        for event in out:
            key = (event.type, event.group, tuple(event.from_))
            if key not in seen:
                seen.add(key)
                unique.append(event)
        return unique

    def _establishes(self) -> bool:
        title = self.title or ""
        if any(w in title for w in _ESTABLISH_WORDS):
            return True
        if "调整" in title:
            return False
        return bool(names.establish_names(self.text))


_LABEL_ONLY_ROLES = frozenset({"工作人员"})
_LIST_ROLES = frozenset({"成员", "委员", "联络员", "组员", "特邀成员", "特邀委员"})


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans blanked out (line breaks kept)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = ["\n" if c == "\n" else " " for c in chars[a:b]]
    return "".join(chars)


def _named_over_described(members: list[Member]) -> list[Member]:
    """A leader's post named by its holder (副主任：马晓伟…) and described by the rule that
    fills it (副主任由国家卫生健康委主要负责人…担任), as news reports give both: the holders."""
    listed = {m.role for m in members if m.person and m.role in _LIST_ROLES}
    if listed:  # 联席会议由省水利厅、省财政厅等单位组成 before the 成员 named one by one: a summary
        members = [
            m
            for m in members
            if not (m.role in listed and m.unit and m.title is None and "组成" in (m.source or ""))
        ]
    named = {m.role for m in members if m.person and m.role not in _LIST_ROLES}
    if not named:
        return members
    return [
        m
        for m in members
        if m.person
        or m.role not in named
        or ("由" not in (m.source or "") and (m.unit or m.role not in SINGLE_ROLES))  # 省长任主任
    ]


def _post_only_lines(holders: str, posts: list[Post]) -> list[Post]:
    """Lines of a list of persons that name a post and its organ, no person (…\n自治区人民政府
    秘书长\n自治区交通厅分管副厅长\n…): a member each, the organ as `unit`."""
    if not any(p.person for p in posts):
        return []
    out: list[Post] = []
    lines = [line.strip(" 　；;。") for line in holders.split("\n")]
    for line in lines:
        if not line:
            continue
        mine = [p for p in posts if (p.person and p.person in line) or (p.unit and p.unit in line)]
        if mine:
            if any(p.person and p.title and p.title not in line for p in mine):
                return []  # a name's title on another line (a flattened table): no post-only line
            continue
        found = post_only(line)
        if len(found) != 1 or not found[0].unit or found[0].person:
            return []  # a line that is neither an entry nor a post with its organ
        out.append(found[0])
    return out


def _unit_lists(holders: str) -> list[Post]:
    """Unit lists joined by 和 after an official (…市交通运输局主要负责人和临桂区、阳朔县…): each
    unit with the official written after its own list; empty unless every item is a unit or
    a county-level place."""
    parts = _OFFICIAL_AND_RE.split(holders)
    if len(parts) < 3:
        return []
    out: list[Post] = []
    for k in range(0, len(parts), 2):
        text = parts[k]
        official = parts[k + 1] if k + 1 < len(parts) else None
        if official is None and (end := _UNIT_OFFICIAL_END_RE.search(text)):
            text, official = text[: end.start()], end.group()
        items = [u for u in re.split(r"[、，]", text) if u]
        last = k + 2 >= len(parts)
        if last and official is None and items and not _place_or_unit(items[-1]):
            items = items[:-1]  # the page stops inside the last item (…灵川县、兴安)
        if not items or not all(_place_or_unit(u) for u in items):
            return []
        out += [Post(None, official, u, "") for u in items]
    return out


def _place_or_unit(item: str) -> bool:
    return is_unit(item) or (len(item) >= 3 and item[-1] in "区县市镇乡" and item[:2] not in ("各县", "各区"))


def _without_collective(holders: str) -> str:
    """县国土所、安监办负责人和各村（居）委会主任 / 发改委、财政局以及各县（市）政府主要领导: the
    units listed, without the collective after them (no member); they keep the collective's
    official when they name none of their own."""
    m = _COLLECTIVE_TAIL_RE.search(holders)
    if m is None:
        return holders
    head = holders[: m.start()]
    if not any(c in head for c in "、，") or _UNIT_OFFICIAL_END_RE.search(head):
        return head
    official = _UNIT_OFFICIAL_END_RE.search(m.group())
    if is_unit(re.split(r"[、，]", head)[-1]):  # units: they take the collective's official
        return head + official.group() if official else holders
    return head  # 村两委成员赵顺、李梅，村医段刚及各村民小组组长: the persons


def _fuller_inside(name: str, other: str) -> bool:
    """Whether `other` writes `name` with words inserted inside it (老竹镇森林防灭火指挥部 /
    老竹畲族镇森林防灭火指挥部, 吉林省查验单位联席会议 / 吉林省口岸查验单位联席会议): same
    start and end, the name's characters in order; not a prefix added (that is `_fullest`'s)."""
    if len(other) <= len(name) or other.endswith(name) or len(name) < 6:
        return False
    return other[:2] == name[:2] and other[-4:] == name[-4:] and _in_order(name, other)


def _in_order(short: str, long: str) -> bool:
    """Whether the characters of `short` stand in `long` in the same order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def _abbreviates(ref: str, name: str) -> bool:
    """Whether `ref` is a short form of the body `name` (安委会 / 街道安全生产委员会): its characters
    in order in the name, the last within the name's kind word, the first in the name's own words."""
    if not 3 <= len(ref) <= 6 or len(ref) >= len(name) or ref in names.GROUP_KINDS:
        return False
    return ref[-1] in name[-3:] and _in_order(ref, name)


def _same_body(name: str, other: str | None) -> bool:
    """Whether two writings name one body: one ends with the other (互助县X / 县X / X)."""
    if not other:
        return False
    return name.endswith(other) or other.endswith(name) or name.endswith(other.lstrip("省市县区"))


def _holder(post: Post | None) -> Holder | None:
    return None if post is None else Holder(person=post.person, title=post.title, unit=post.unit)


def _to_group(g: _Group, parent: str | None) -> Group:
    return Group(
        name=g.name,
        alias=g.alias,
        kind=g.kind,
        parent=parent,
        category=g.category,
        seat=g.seat,
        members=list(g.members),
        duties=None,
        partial=g.partial,
    )


def _office_seat(text: str) -> re.Match[str] | None:
    """Where the text says the office sits (办公室设在…, or 办公室设 and a unit)."""
    for m in _OFFICE_RE.finditer(text):
        if m.group(1) or is_unit(m.group(2).strip()):
            return m
    return None


def _find_title(text: str) -> str | None:
    m = _TITLE_FIND_RE.search(text[:600])
    return m.group() if m else None


_TABLE_RULE_RE = lazy_compile(r"(?m)^[-| :]{3,}$")
_TABLE_CELL_RE = lazy_compile(r" ?\| ?")


def _table_rows(text: str) -> str:
    """A page's table as text rows (组长 | 孙春兰（…） | → 组长 孙春兰（…）), rules dropped."""
    if "|" not in text:
        return text
    text = _TABLE_RULE_RE.sub("", text)
    return "\n".join(
        _TABLE_CELL_RE.sub(" ", line).strip() if "|" in line else line for line in text.split("\n")
    )


_LOST_HEAD_RE = lazy_compile(r"(?m)^([ ]*)长[ ]*：")


def _lost_role_head(text: str) -> str:
    """A garbled page that lost a role's first character at a line start (" 长：孙会方" above
    "副组长：…"): the role the deputies' label names, without 副."""
    if "长：" not in text or not _LOST_HEAD_RE.search(text):
        return text
    for role in ("组长", "指挥长", "专班长"):
        if "副" + role + "：" in text:
            return _LOST_HEAD_RE.sub(rf"\g<1>{role}：", text)
    return text


_BRACKETED_LABEL_RE = lazy_compile(rf"[【〖［\[][ ]*({ROLE_ALT})[ ]*[】〗］\]][ ]*：?[ ]*")


_NOTED_LABEL_RE = lazy_compile(
    rf"(?m)^([ ]*(?:{ROLE_ALT})[ ]*（[^）\n]{{0,20}}(?:序|排列|排名)[^）\n]{{0,6}}）)[ ]*$"
)


def _bracketed_labels(text: str) -> str:
    """【组长】张三（县长） / 〖成员〗…: a role label set in brackets instead of before a colon;
    委员（以姓氏笔画为序） alone on its line, its names below: a label with no colon."""
    if "序）" in text or "排列）" in text or "排名）" in text:
        text = _NOTED_LABEL_RE.sub(r"\1：", text)
    if not any(c in text for c in "【〖［["):
        return text
    return _BRACKETED_LABEL_RE.sub(r"\1：", text)


_POST_COLON_RE = lazy_compile(
    r"(?m)^([ ]*(?:[^\s：，。；、]{1,8}[ ]*：[ ]*)?)([^\s：，。；、（）]{2,20})：(?=[ ]*\S)"
)
_ROLE_END_RE = lazy_compile(rf"({ROLE_ALT})$")
_GROUP_REF_END_RE = lazy_compile(rf"(?:{names.KIND_ALT}|办公室|组|专班)$")


def _post_colons(text: str) -> str:
    """副组长：副市长：李青、王伟 / 成员：市政府副秘书长：张江、田野: a post before the names with a
    colon of its own is the names' title, not another role label (its colon becomes a space).
    A role word alone (副组长：) or after its body (办公室主任：) stays a label."""
    if text.count("：") < 2:
        return text

    def fix(m: re.Match[str]) -> str:
        post = m.group(2)
        role = _ROLE_END_RE.search(post)
        if role:
            before = post[: role.start()]
            if not before or _GROUP_REF_END_RE.search(before) or not is_unit(before):
                return m.group(0)  # 副组长： / 领导小组组长： : a label
        elif not names_ends_with_post(post) or not m.group(1).strip():
            return m.group(0)  # 职能部门：… (a sub-list's heading, read elsewhere)
        return m.group(1) + post + " "

    return _POST_COLON_RE.sub(fix, text)


def parse_structure(text: str, title: str | None) -> tuple[list[Event], list[Group], list[Change]]:
    b = _Builder(_post_colons(_bracketed_labels(_lost_role_head(_table_rows(chinese_commas(text))))), title)
    b.build()
    return b.event_list(), b.groups(), b.changes
