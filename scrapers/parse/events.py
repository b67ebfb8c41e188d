"""A notice's `events` (CONTRACT §1), read from the verbs that govern each body's name.

The structure parser proposes events from the groups it built; this pass checks them
against what the text says and completes them:

- establish / adjust: a body set up (成立/设立/组建/建立, also 成立了由…任组长的X and a
  title 关于同意建立X制度的函) or adjusted (调整/充实/增补/完善) gets its event even when
  no member is stated; a body whose page states no such verb (a tail, an abstract) gets
  none.
- rename: 将A更名为B, A调整为B, A改为B, 在A的基础上成立B.
- merge: A的职责划入B / A并入B → merge into B from A, without a separate abolish of A.
- abolish: 撤销A, 不再保留A, A同时撤销; a body a clean-up notice keeps (保留…) gets no
  abolish event.

Names are given the record's own spelling when the record has the body (the store
follows a body by its name), and junk the patterns drag in (我市调整了, 国务院办公厅关于,
「) is cut off.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scrapers.lazyre import lazy_compile
from scrapers.parse import names
from scrapers.parse.lexicon import GROUP_KINDS, KIND_ALT
from store.records import Change, Event, Group

_NAME = names.NAME
# after a verb that sets a body up, its name may hold a 、 (打击侵犯、假冒…专项行动领导小组)
_WIDE_NAME = rf"[^\s，,。；;：（）《》]{{2,60}}?(?:{KIND_ALT})"

# 成立 X / 成立了由县长任组长的X / 以党委书记为组长的X; not 各乡镇成立…, not 要设立相应的…
_ESTABLISH_RE = lazy_compile(
    rf"(?:成立|设立|组建|建立|新设)(?:了)?(?:(?:由|以)[^。；\n]{{1,150}}?的)?([“\"「]?{_WIDE_NAME})(?:[”\"」]?制度)?(?![“\"])"
)
# X正式成立 / X成立大会 / X于4月成立 (the name before the verb)
# X正式成立 / X成立大会 / X于4月成立: the verb found first, then the name ending before it
_ESTABLISHED_VERB_RE = lazy_compile(r"(?:成立|组建)(?:大会|仪式|(?:了)?[，,。；\n])")
_NAME_BEFORE_RE = lazy_compile(rf"({_NAME})[”\"」]?(?:正式|已经|已)?$")
_ADJUST_RE = lazy_compile(
    rf"(?:调整充实|调整完善|调整|充实|完善)(?![为成])(?:了)?([“\"「]?{_NAME})(?![为成])"
)
# 对X(部分)(组成人员)进行(了)调整: the verb found first, then 对X before it
_ADJUSTED_VERB_RE = lazy_compile("调整|充实")
_ADJUSTED_BEFORE_RE = lazy_compile(
    rf"对({_NAME})(?:部分)?(?:组成人员|成员)?(?:进行|作|作出|予以)?(?:了)?(?:如下)?$"
)
_RENAME_WORDS = (
    "更名",
    "调整为",
    "改为",
    "改设为",
    "变更为",
    "更改为",
    "升格为",
    "基础上",
)  # a cheap probe first
_RENAME_RE = lazy_compile(r"更名为|调整为|改为|改名为|改设为|变更为|更改为|升格为")
_BASED_RE = lazy_compile(rf"在({_NAME})(?:的)?基础上[，,]?(?:成立|组建|设立)(?:了)?({_NAME})")
# 整合A、B，组建C / 合并A和B为C: the old names after the verb
_MERGE_LIST_RE = lazy_compile(
    rf"(?:整合|合并)((?:{_NAME}[、和及与]?){{2,8}}?)[，,]?(?:组建|成立|设立|调整为|为)(?:新的)?({_NAME})"
)
# A(办公室)?(的)?职责/职能 划入/并入 B; 将A并入B
# the body may carry a bracketed second name: 并入自治区党委农村工作（乡村振兴）领导小组
_MERGE_INTO_RE = lazy_compile(
    rf"(?:划入|并入|纳入)[“\"]?((?:[^\s，,。、；;：（）《》]{{1,30}}（[^（）。，]{{2,12}}）)?{_NAME})"
)
_QUALIFIER_RE = lazy_compile(r"（[^（）]*）")
_MERGE_FROM_RE = lazy_compile(rf"({_NAME})(?:的|有关|相关)?(?:职责|职能|工作)?$")
_INTO_FROM_RE = lazy_compile(rf"(?:划入|并入)({_NAME})(?:的)?(?:职责|职能)")
_ABOLISH_AFTER_RE = lazy_compile(r"(?:撤销|撤消)[。；，,\n]")
_ABOLISHED_BEFORE_RE = lazy_compile(rf"({_NAME})(?:及其办公室|及其办事机构)?(?:同时|一并|相应)?(?:予以)?$")
_NO_LONGER_RE = lazy_compile(rf"(?:不再保留|撤销|撤消)(?:了)?[“\"]?({_NAME})")
_KEPT_HEAD_RE = lazy_compile(
    r"保留(?<!不再保留)(?<!不予保留)(?:的|以下)?(?:议事协调机构|机构|领导小组|[0-9一二三四五六七八九十]+个)?[^。\n]{0,12}[：:\n]"
)
_STOP_HEAD_RE = lazy_compile(r"撤销|撤并|合并|不再保留|调整|更名")

_ESTABLISH_TITLE_RE = lazy_compile("成立|设立|组建|建立")
_ADJUST_TITLE_RE = lazy_compile("调整|充实|增补|完善|变更")
_ADJUST_WORD_RE = lazy_compile("调整|充实|增补|变更|更换|免去|不再担任")
_ORGAN_PREFIX_RE = lazy_compile(
    r"^(?:国务院|中共中央|党中央|中央|国家|全国|(?:中共)?[^\s，。]{1,8}?[省市县区](?:委|政府|人民政府)?)"
)
# 指挥部和10个专项小组: a body and a count of others, no one body's name
_SEVERAL_RE = lazy_compile(r"[和及与、][0-9一二两三四五六七八九十]{1,3}个")
_CLASS_RE = lazy_compile(r"(?:各|相关|有关)(?:部门|单位|地区)间")
_ANY_ACT_RE = lazy_compile(r"成立|设立|组建|建立|充实|增补|调整(?!的)")
_BARE_SUB_RE = lazy_compile(r"(?:专业|专门|专项|分)委员会")  # the bare word: a heading, not a body
_APPOINTMENTS_RE = lazy_compile(r"任免|任职|免职|职务任|人事任")

# what a relative clause leaves before the name: 由县长任组长、…为成员的
_CLAUSE_LEAD_RE = lazy_compile(r"^.*(?:组长|成员|主任|召集人|指挥|担任|牵头|参加|为首|挂帅)的")
# sub-bodies and arrangements, not bodies a notice is about (专项小组, 10个…, 科学的工作机制)
_NOT_MAIN_RE = lazy_compile(
    r"(?:专项小组|专题小组|专项组|专题组|工作组)$|[0-9一二三四五六七八九十]个|^地方|^各"
)
_COUNTED_RE = lazy_compile(r"(?:原|上述|以上|这|该)?[两二三四五六七八九十0-9]{1,3}个")
_SUB_KIND_RE = lazy_compile(r"(?:专项小组|专题小组|专项组|专题组|工作组|专项工作组)$")
_WEAK_KIND_RE = lazy_compile(r"(?:工作机制|协调机制|机制)$")
# words a pattern can drag in front of a name: 我市调整了, 省人民政府决定, 国务院办公厅关于
_JUNK_LEAD_RE = lazy_compile(r"^.*(?:关于|决定|了|同意|研究(?![所院会室中]))")
_TERM_RE = lazy_compile(r"^.*(?:新一届|新一轮|新一任)")
_EACH_RE = lazy_compile(r"(?:各|相应|要|应当|应)[^，。；\n]{0,12}$")
_GENERIC_RE = lazy_compile(r"^(?:相应|本级|由|院级|校级|各|省级|市级|县级|区级|乡级|镇级|地方)")
# a sentence that tells what happened before the news: 此前, 早在2010年, 去年, 之前
_BACKGROUND_RE = lazy_compile(r"(?:此前|早在|在此之前|之前|以前|去年|前年|曾经)")


_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474)) + " "  # ① … ⑳


@lru_cache(maxsize=4096)  # a pure function of the string: names recur within and across notices
def clean_name(name: str) -> str:
    """A body name without what a pattern dragged in before it."""
    name = _CLAUSE_LEAD_RE.sub("", name.lstrip(_CIRCLED))  # ①莆田市…领导小组: a list's number
    cut = _JUNK_LEAD_RE.sub("", name)
    if cut != name and _WIDE_NAME_RE.fullmatch(cut or "-"):
        name = cut
    name = _TERM_RE.sub(
        "", name.rsplit("】", 1)[-1]
    )  # 【媒体解读】…: a page's tag  # 新一届学术委员会: the body is the 学术委员会
    quoted = name.lstrip("了原将把在的及和").startswith("“")
    name = names.clean(name).replace("「", "").replace("」", "")
    if quoted and name.count("”") > name.count("“"):
        name = "“" + name  # “示范校”建设领导小组: the opening quote belongs to the name
    elif name.count("“") > name.count("”"):
        name = name[name.rindex("“") + 1 :]  # 地方性的“防疫委员会: the name starts inside the quote
    return name


_WIDE_NAME_RE = lazy_compile(_WIDE_NAME)


@lru_cache(maxsize=4096)
def _usable(name: str) -> bool:
    return bool(
        name
        and _WIDE_NAME_RE.fullmatch(name)
        and not _GENERIC_RE.match(name)
        and names.kind_of(name) in names.MAIN_KINDS
        and not names.SUB_BODY_RE.search(name)
        and not name.endswith("办公室")
        and not _NOT_MAIN_RE.search(name)
        and not ("、" in name and "的" in name)  # 各学院、有关室所的…领导小组: several bodies
        and not _CLASS_RE.search(name)  # 各部门间联席会议: meetings of that sort, no one body
        and name not in _BARE_NAMES  # 对领导小组成员进行调整: the body the notice is about, unnamed
    )


_BARE_NAMES = frozenset(GROUP_KINDS) | {"领导小组", "委员会", "指挥部", "工作小组"}
_VERB_SCAN_RE = lazy_compile("成立|设立|组建|建立|新设|调整|充实|完善")


def _statements(text: str, title: str | None) -> list[tuple[str, str]]:
    """(establish|adjust, body name) for each body a verb sets up or adjusts, in order.

    One scan finds the verbs; each pattern is then tried only where a verb stands."""
    out: list[tuple[str, str]] = []
    for source in (title or "", text):
        for hit in _VERB_SCAN_RE.finditer(source):
            at = hit.start()
            for verb, regex in (("establish", _ESTABLISH_RE), ("adjust", _ADJUST_RE)):
                m = regex.match(source, at)
                if m and (name := _governed(source, m, verb, source is text)):
                    out.append((verb, name))
            for verb, verb_re, name_re in (
                ("establish", _ESTABLISHED_VERB_RE, _NAME_BEFORE_RE),
                ("adjust", _ADJUSTED_VERB_RE, _ADJUSTED_BEFORE_RE),
            ):
                m = verb_re.match(source, at)
                before = m and name_re.search(source, _run_start(source, at), at)
                if m is None or not before or (source is text and _cited(text, before.start(), m.end())):
                    continue
                if _usable(name := clean_name(before.group(1))):
                    out.append((verb, name))
    return out


def _governed(source: str, m: re.Match[str], verb: str, in_text: bool) -> str | None:
    """The body a verb sets up or adjusts (成立X), unless the sentence asks every unit to act,
    cites another notice, or is an article of rules."""
    before = source[max(0, m.start() - 16) : m.start()]
    if before.endswith("下") and source.startswith("设立", m.start()):
        return None  # 下设立法协调小组: 下设 立法…, not 设立 法…
    if _EACH_RE.search(re.split(r"[，,。；：\n]", before)[-1]):
        return None  # 各乡镇都成立… / 要设立相应的…: every unit is asked to act
    if in_text and _cited(source, m.start(), m.end()):
        return None
    sentence = re.split(r"[。！？\n]", source[max(0, m.start() - 80) : m.start()])[-1]
    if in_text and _BACKGROUND_RE.match(sentence.lstrip()):
        return None  # "此前，国务院于2010年成立X": a report's background, not its news
    group = next(i for i, g in enumerate(m.groups(), 1) if g)
    name = _longest_name(source, m.start(group)) or m.group(group)
    name = clean_name(name)  # 成立国家卫生和计划生育委员会精神文明建设指导委员会: to the last kind word
    named_document = source[m.end() : m.end() + 1] == "》"  # 《…成立X》 read out
    decided = not in_text or named_document or _decided(source, m.start())
    return name if _usable(name) and (verb == "adjust" or decided) else None


_CITED_LINE_RE = lazy_compile(r"\s*(?:上一篇|下一篇|上一条|下一条|相关阅读|相关链接|相关新闻)")
_CITED_AFTER_RE = lazy_compile(r"^[^。；\n]{0,4}的(?:通知|函|批复|决定|意见)")
# an article of rules (第二条 市政府成立X，由…牵头) sets up nothing by itself
_ARTICLE_RE = lazy_compile(r"\s*第[一二三四五六七八九十百0-9]{1,4}条")


def _cited(text: str, start: int, end: int) -> bool:
    """A match inside another notice's title (根据《…关于成立X的通知》) or a page's link line."""
    line_start = text.rfind("\n", 0, start) + 1
    if _CITED_LINE_RE.match(text, line_start):
        return True
    about = "关于" in text[max(line_start, start - 30) : start]
    return about and bool(_CITED_AFTER_RE.match(text[end : end + 12]))


def _decided(text: str, start: int) -> bool:
    """Not a rule in an article of regulations."""
    return not _ARTICLE_RE.match(text, text.rfind("\n", 0, start) + 1)


# a new name with a bracketed part inside it: 自治区扶贫开发（革命老区建设）领导小组
_BRACKETED_NAME_RE = lazy_compile(
    rf"[^\s，,。、；;：（）《》]{{1,30}}（[^（）。，；\n]{{2,12}}）[^\s，,。、；;：（）《》]{{0,30}}?(?:{KIND_ALT})"
)


def _renames(text: str) -> list[Event]:
    out: list[Event] = []
    for m in _RENAME_RE.finditer(text):
        if text[max(0, m.start() - 2) : m.start()] in ("合并", "整合"):
            continue
        at = m.start()
        at -= 3 if text.endswith("的名称", 0, at) else 2 if text.endswith("名称", 0, at) else 0
        old = _old_name(text, at)  # 县地名委员会(的)名称变更为…: the name before 名称
        new = _longest_name(text, m.end())
        bracketed = _BRACKETED_NAME_RE.match(text, m.end())  # 扶贫开发（革命老区建设）领导小组
        if bracketed and (new is None or len(bracketed.group()) > len(new)):
            new = bracketed.group()
        if old and new:
            old, new_name = clean_name(old), clean_name(new)
            if _usable(_QUALIFIER_RE.sub("", new_name)) and old and old != new_name:
                out.append(_event("rename", new_name, [old]))
    for m in _BASED_RE.finditer(text):
        old, new_name = clean_name(m.group(1)), clean_name(m.group(2))
        if _usable(new_name) and old and old != new_name:
            out.append(_event("rename", new_name, [old]))
    return out


# an old name may end in any 组 (国家能源领导小组专家组调整为…)
_OLD_END_RE = lazy_compile(rf"([^\s，,。、；;：（）《》]{{2,60}}?(?:{KIND_ALT}|组))(?:制度)?[”\"]?$")


_SEPARATORS = frozenset(" \t\n，,。、；;：（）《》")


def _run_start(text: str, at: int, limit: int = 90) -> int:
    """Where the run of name characters ending at `at` begins (a name holds no separator):
    a name is then searched from there, not tried at every position of a wide window."""
    i = at
    stop = max(0, at - limit)
    while i > stop and text[i - 1] not in _SEPARATORS:
        i -= 1
    return i


def _old_name(text: str, at: int) -> str | None:
    m = _OLD_END_RE.search(text, _run_start(text, at), at)
    return m.group(1) if m else None


_NAME_MORE_RE = lazy_compile(
    rf"(?![和及并与]|依托|负责|设在|下设|牵头|{KIND_ALT})[^\s，,。、；;：（）《》.．和及并与]{{1,20}}?(?:{KIND_ALT})"
)


def _longest_name(text: str, at: int) -> str | None:
    """The name starting at `at`, to its last kind word (国家能源领导小组专家咨询委员会)."""
    m = names.NAME_RE.match(text, at)
    if not m:
        return None
    end = m.end()
    while more := _NAME_MORE_RE.match(text, end):
        end = more.end()
    return text[at:end]


# A、B(等2个机构)合并为C / A与B合并组建C / 将A和B整合为C: the old names before the verb
_MERGED_INTO_ONE_RE = lazy_compile(
    rf"((?>{_NAME}[”\"]?[、和及与，,]){{1,7}}[“\"]?{_NAME})[”\"]?"  # (?>…): no backtracking into a name
    r"(?:等[0-9一二两三四五六七八九十]{1,3}个(?:议事协调)?(?:机构)?)?(?:予以)?[，,]?"
    rf"(?:(?:合并|整合)[，,]?(?:为|成立|组建|设立|成)|并为)(?:新的|一个)?[“\"]?({_NAME})"
)
# A更名为B，原C职能由其承担 / 原C的职责由B承担: C's work passes to B, a merge into B
_BORNE_RE = lazy_compile(
    rf"原?({_NAME})(?:的)?(?:职能|职责|工作)(?:由|划归|交由|并入)(其|{_NAME})(?:承担|负责|履行|行使)"
    # A不再保留，其职责由B承担: 其 is A here
    rf"|原?({_NAME})(?:不再保留|撤销|不再设立)[，,](?:其|相关)(?:职能|职责|工作)(?:由|划归|交由|并入)({_NAME})"
    r"(?:承担|负责|履行|行使)"
)


_BORNE_MARK_RE = lazy_compile(r"(?:职能|职责|工作)(?:由|划归|交由|并入)")  # cheap test before _BORNE_RE


def _borne(text: str) -> list[Event]:
    out: list[Event] = []
    seen: set[tuple[int, int]] = set()
    for mark in _BORNE_MARK_RE.finditer(text):  # search only just before each 职能由…
        m = _BORNE_RE.search(text, max(0, mark.start() - 80), mark.end() + 60)
        if m is None or m.span() in seen:
            continue
        seen.add(m.span())
        old = clean_name(m.group(1) or m.group(3))
        into = m.group(2) or m.group(4)
        if into == "其":  # the body the sentence named last before (the renamed one)
            sentence = re.split(r"[。；\n]", text[max(0, m.start() - 120) : m.start()])[-1]
            named = names.NAME_RE.findall(sentence)
            into = named[-1] if named else ""
        into = clean_name(into)
        if _usable(old) and _usable(into) and old != into:
            out.append(_event("merge", into, [old]))
    for mark in _ENDED_MARK_RE.finditer(text):  # 原A不再保留，其职责由B承担 (B a body, not a ministry)
        m = _ENDED_BORNE_RE.search(text, _run_start(text, mark.start()), mark.end() + 70)
        if m is None:
            continue
        old, into = clean_name(m.group(1)), clean_name(m.group(2))
        if _usable(old) and _usable(into) and old != into:
            out.append(_event("merge", into, [old]))
    return out


_ENDED_MARK_RE = lazy_compile(r"不再(?:单独)?保留[，,]其")  # cheap test before _ENDED_BORNE_RE
# 原A领导小组不再保留，其职责由B委员会承担: the body just ended is the 其 whose work B takes
_ENDED_BORNE_RE = lazy_compile(
    rf"原?[“\"]?({_NAME})[”\"]?(?:及其办公室)?不再(?:单独)?保留[，,]其(?:职能|职责|工作)(?:由|划归|交由|划入|并入)"
    rf"[“\"]?({_NAME})"
)


# A与B合并，保留A名称: a merge into A from B
_MERGE_KEEP_NAME_RE = lazy_compile(
    rf"({_NAME})[与和及同]({_NAME})合并[，,]?(?:保留|沿用|使用)({_NAME})(?:的)?名称"
)


_MERGE_VERB_RE = lazy_compile(r"(?:合并|整合)[，,]?(?:为|成立|组建|设立|成)|并为")


def _merged_into_one(text: str) -> list[re.Match[str]]:
    """_MERGED_INTO_ONE_RE only in the 600 characters before each 合并为/整合组建…."""
    out: list[re.Match[str]] = []
    for verb in _MERGE_VERB_RE.finditer(text):
        start = max(0, verb.start() - 600, out[-1].end() if out else 0)
        if m := _MERGED_INTO_ONE_RE.search(text, start, verb.end() + 80):
            out.append(m)
    return out


def _merged_lists(text: str) -> list[Event]:
    """整合A、B，组建C / A、B合并为C: merge into C from A and B."""
    out: list[Event] = []
    for kept in _MERGE_KEEP_NAME_RE.finditer(text):
        a, b, into = (clean_name(kept.group(i)) for i in (1, 2, 3))
        if into in (a, b) and _usable(a) and _usable(b):
            out.append(_event("merge", into, [b if into == a else a]))
    found = [*_MERGE_LIST_RE.finditer(text), *_merged_into_one(text)]
    for m in found:
        sentence = re.split(r"[。；：\n]|决定将|同意将|将|把|^.*(?:撤销|保留)", m.group(1))[-1]
        olds = [clean_name(n.strip('“”"')) for n in names._FROM_SPLIT_RE.split(sentence) if n]
        into = clean_name(m.group(2))
        if len(olds) >= 2 and all(_usable(o) for o in olds) and _usable(into):
            out.append(_event("merge", into, olds))
    return out


def _merges(text: str) -> list[Event]:
    """A的职责划入B / 将A并入B / 划入A职责 (said of B): merge into B from A."""
    out: list[Event] = []
    for m in _MERGE_INTO_RE.finditer(text):
        into = m.group(1) if "（" in m.group(1) else clean_name(m.group(1))
        if not _usable(_QUALIFIER_RE.sub("", into)) or text[m.end() : m.end() + 3].startswith("办公室"):
            continue
        before = text[max(0, m.start() - 80) : m.start()]
        clauses = re.split(r"[。；，,\n]", before)
        clause = clauses[-1]
        if not clause.strip() and len(clauses) >= 2:  # "2.A，并入B": A is the clause before
            clause = re.sub(r"^[ \t]*(?:\d{1,2}[.．、]|（\d{1,2}）)", "", clauses[-2])
        clause = re.split(r"决定将|同意将|将|把", clause)[-1]
        if clause.startswith("其"):  # 不再保留A，将其职能并入B: 其 is the body just named
            named = names.NAME_RE.findall(before[: len(before) - len(clause)])
            clause = re.sub(r"^.*(?:不再保留|撤销|撤消)", "", named[-1]) if named else clause
        src = _MERGE_FROM_RE.search(clause)
        if src and (old := clean_name(src.group(1))) and names.NAME_RE.fullmatch(old) and old != into:
            out.append(_event("merge", into, [old]))
    return out


def _absorbed(text: str) -> list[Event]:
    """划入A职责 said of a body B (…优化了B职责，…划入A职责，不再保留A): merge into B from A."""
    out: list[Event] = []
    for m in re.finditer(r"划入|并入", text):
        into_from = _INTO_FROM_RE.match(text, m.start())
        if into_from:
            old = clean_name(into_from.group(1))
            before = text[max(0, m.start() - 120) : m.start()]
            bodies = [clean_name(n) for n in names.NAME_RE.findall(before)]
            bodies = [b for b in bodies if _usable(b) and b != old]
            if bodies:
                out.append(_event("merge", bodies[-1], [old]))
    return out


# 一、不再保留的机构（共8个） / 撤销以下议事协调机构: a heading, then one body a line
_ABOLISH_HEAD_RE = lazy_compile(
    r"(?m)^[ \t]*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)?[^\n。，]{0,10}"
    r"(?:不再保留|撤销|撤消|取消|撤并)(?:的|以下)[^\n。，]{0,20}$"
)
_TOP_HEADING_RE = lazy_compile(
    r"^[ \t]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[条章])"
)
_ITEM_NUMBER = r"(?:\d{1,2}[.．、)）]|[（(]\d{1,2}[）)]|[①-⑳])"  # 1. 1、 1) (1) （1） ①
_ITEM_RE = lazy_compile(rf"^[ \t\u3000]*{_ITEM_NUMBER}[ \t]*({_NAME})(?:及其办公室)?(?=$|[，,。；（])")
# 1.某某领导小组，其职责由…承担，不再保留。: an item that says it ends
_ITEM_ENDS_RE = lazy_compile(r"(?:不再(?:单独)?保留|予以撤销|同时撤销|撤销)[。；]?\s*$")


_KIND_END_RE = lazy_compile(rf"(?:{KIND_ALT})(?:及其办公室)?[。；，]?$")


def _rejoined(lines: list[str]) -> list[str]:
    """Items a page wrapped (11.…试点工作领导\n小组): a numbered line with no kind word at its
    end joined with the next line when that is no item and ends the name."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            prev
            and _ITEM_NUMBER_LINE_RE.match(prev)
            and not _KIND_END_RE.search(prev.rstrip())
            and not _ITEM_NUMBER_LINE_RE.match(line)
            and _KIND_END_RE.search(prev.rstrip() + line.strip())
        ):
            out[-1] = prev.rstrip() + line.strip()
            continue
        out.append(line)
    return out


# …经研究，决定撤销以下16个议事协调机构：(a list follows, one a line)
_ABOLISH_LEAD_RE = lazy_compile(
    r"(?m)(?:撤销|撤消|不再保留|取消)(?:以下|下列|如下)[^\n。，：:]{0,20}[：:][ \t]*$"
)
_ITEM_NUMBER_LINE_RE = lazy_compile(r"^[ \t\u3000]*" + _ITEM_NUMBER)


def _listed_abolished(text: str) -> list[str]:
    """The bodies listed under a 不再保留/撤销 heading, and numbered items that end in 不再保留."""
    out: list[str] = []
    heads = [*_ABOLISH_HEAD_RE.finditer(text), *_ABOLISH_LEAD_RE.finditer(text)]
    for head in heads:
        if "保留的" in head.group() and "不再保留" not in head.group():
            continue
        for line in _rejoined(text[head.end() + 1 : head.end() + 4000].split("\n")):
            if _TOP_HEADING_RE.match(line):
                break
            if (m := _ITEM_RE.match(line)) and _usable(name := clean_name(m.group(1))):
                out.append(name)
    for line in text.split("\n"):
        if (
            _ITEM_ENDS_RE.search(line)
            and (m := _ITEM_RE.match(line))
            and _usable(name := clean_name(m.group(1)))
        ):
            out.append(name)
    return out


_OWN_OFFICE_RE = lazy_compile(
    r"(?:撤销|不再保留)((?:国务院|中共中央|中央)[\u4e00-\u9fff“”]{4,24}?办公室)(?=[。；，,\n])"
)


def _office_only(text: str, name: str) -> bool:
    """撤销X办公室的单设机构 and nothing else said of X's end: X's office goes, X stays."""
    ends = [
        m for m in re.finditer(re.escape(name), text) if "撤销" in text[max(0, m.start() - 4) : m.start()]
    ]
    return bool(ends) and all(text.startswith("办公室", m.end()) for m in ends)


def _abolished(text: str) -> list[str]:
    """A(、B)同时撤销 and 不再保留A (及其办事机构); the bodies listed under such a heading."""
    out = []
    for m in _NO_LONGER_RE.finditer(text):
        name = clean_name(m.group(1))
        if text.startswith("办公室", m.end()):
            continue  # 撤销X领导小组办公室(的单设机构): the office, not the body
        if _usable(name):
            out.append(name)
    for m in _OWN_OFFICE_RE.finditer(text):  # 撤销国务院纠正行业不正之风办公室: an office of its own
        if not names.NAME_RE.search(m.group(1)[:-3]):
            out.append(m.group(1))
    out += _listed_abolished(text)
    for verb in _ABOLISH_AFTER_RE.finditer(text):
        before = _ABOLISHED_BEFORE_RE.search(text, _run_start(text, verb.start()), verb.start())
        if not before:
            continue
        out.extend(
            n for part in names._FROM_SPLIT_RE.split(before.group(1)) if _usable(n := clean_name(part))
        )
    return out


def _kept(text: str) -> set[str]:
    """Bodies listed under a 保留 heading of a clean-up notice (until the next 撤销/合并 heading)."""
    out: set[str] = set()
    for m in _KEPT_HEAD_RE.finditer(text):
        block = text[m.end() : m.end() + 4000]
        stop = _STOP_HEAD_RE.search(block)
        block = block[: stop.start()] if stop else block
        out.update(clean_name(n) for n in names.NAME_RE.findall(block))
    return out


def _event(kind: str, group: str, from_: list[str] | None = None) -> Event:
    return Event(type=kind, group=group, **{"from": list(from_ or [])})


def _same(a: str, b: str) -> bool:
    """One body under two spellings: with or without its organ or place (校/市…, 青海省…)."""
    a, b = a.strip('“”"').lstrip("校市省县区院"), b.strip('“”"').lstrip("校市省县区院")
    a, b = names.SELF_REFERENCE_RE.sub("", a), names.SELF_REFERENCE_RE.sub("", b)  # 学校…委员会
    short, long_ = sorted((a, b), key=len)
    return a == b or (
        len(short) >= 4 and names.kind_of(short) == names.kind_of(long_) and long_.endswith(short)
    )


def _alike(a: str, b: str) -> bool:
    """_same, or the record's name with a word the text leaves out (卢氏县政务公开领导小组 /
    卢氏县政务公开工作领导小组): used only to find the record's group for a name."""
    if _same(a, b):
        return True
    short, long_ = sorted((a.strip('“”"'), b.strip('“”"')), key=len)
    # the organ before the name is no word left out (国务院产品质量和食品安全领导小组 /
    # 产品质量食品安全领导小组)
    bare = _ORGAN_PREFIX_RE.sub("", long_) if not short.startswith(long_[:2]) else long_
    if len(short) < 6 or names.kind_of(short) != names.kind_of(long_) or len(short) * 10 < len(bare) * 8:
        return False
    chars = iter(long_)
    return all(c in chars for c in short)


def resolve_events(text: str, title: str | None, events: list[Event], groups: list[Group]) -> list[Event]:
    """The notice's events: the structure parser's, checked and completed from the text."""
    if _APPOINTMENTS_RE.search(title or ""):
        return events
    tops = [g.name for g in groups if g.parent is None]
    title_text = title or ""

    def spelled(name: str) -> str:  # the record's spelling, unless the text's is fuller
        return next((t for t in tops if _alike(t, name) and len(t) >= len(name)), name)

    out = [
        _event(e.type, clean_name(e.group) or e.group, [clean_name(o) or o for o in e.from_]) for e in events
    ]
    out = [
        e
        for e in out
        if (
            e.type not in ("establish", "adjust")
            or not (_BARE_SUB_RE.fullmatch(e.group) or _SEVERAL_RE.search(e.group))
        )
        and not _COUNTED_RE.match(e.group)  # 上述两个领导小组同时撤销: the bodies named before
    ]
    # a main body's 专项小组 / 工作组 listed with it are its sub-groups: no events of their own
    if any(e.type in ("establish", "adjust") and _usable(e.group) for e in out):
        out = [e for e in out if e.type not in ("establish", "adjust") or not _SUB_KIND_RE.search(e.group)]
    # renames and merges the structure parser does not read
    moved = "划入" in text or "并入" in text or "纳入" in text
    renamed = _renames(text) if any(w in text for w in _RENAME_WORDS) else []
    merged = _merged_lists(text) if "整合" in text or "合并" in text or "并为" in text else []
    borne = _borne(text) if "承担" in text or "负责" in text or "履行" in text else []
    for e in renamed + merged + borne + (_merges(text) + _absorbed(text) if moved else []):
        if not any(o.type == e.type and _same(o.group, e.group) for o in out):
            out.append(_event(e.type, spelled(e.group), e.from_))
    # abolitions: A同时撤销, 不再保留A; none for a body merged into another or kept by a clean-up
    ends = "撤销" in text or "撤消" in text or "不再保留" in text
    for name in _abolished(text) if ends else []:
        if not any(e.type == "abolish" and _same(e.group, name) for e in out):
            out.append(_event("abolish", name))
    gone = {o for e in out if e.type == "merge" for o in e.from_} | {
        e.group for e in out if e.type == "rename"
    }
    if not _history(text):  # a body renamed here is not abolished by the same notice
        gone |= {o for e in out if e.type == "rename" for o in e.from_}
        # nor the body a merge here makes (撤销以下…：1.… 二、合并… A和B合并为C: C is not abolished)
        gone |= {e.group for e in out if e.type == "merge"}
    kept = _kept(text) if "保留" in text else set()
    gone |= kept
    gone |= {e.group for e in out if e.type == "abolish" and _office_only(text, e.group)}
    out = [e for e in out if e.type != "abolish" or not any(_same(e.group, g) for g in gone)]
    # a clean-up's kept bodies, listed with their leaders, are neither set up nor adjusted
    adjusting = "调整" in title_text or re.search(r"保留(?:并|和|及)调整|调整(?:并|后)保留", text)
    if len(kept) >= 2 and not adjusting:
        out = [
            e
            for e in out
            if e.type not in ("establish", "adjust") or not any(_same(e.group, k) for k in kept)
        ]
    # establish / adjust: the verb the text or title uses for the body
    statements = _statements(text, title)
    # the record's bodies and the title's: a text spelling with a word left out is the same body
    trusted = tops + [n for _, n in _statements("", title)] if title else tops
    # a list with no word that sets the body up or adjusts it, anywhere (the tail of a
    # notice whose opening the page lost): what the notice did is not on the page
    silent = not statements and not _ANY_ACT_RE.search(title_text) and not _ANY_ACT_RE.search(text)
    # (a body given sub-groups keeps its event: a plan that sets out its working groups)
    parents = {c.parent for c in groups if c.parent and c.category != "办公室"}
    proposed = [(e.type, e.group) for e in events if e.group not in parents]
    if silent:
        out = [e for e in out if e.type not in ("establish", "adjust") or (e.type, e.group) not in proposed]
    for i, e in enumerate(out):
        if e.type in ("establish", "adjust"):
            said = [v for v, n in statements if _alike(n, e.group)]
            out[i] = _event(_verb(title_text, said, e.type, text), e.group)
    for verb, name in statements:
        recorded = any(_alike(t, name) for t in tops)
        covering = next((i for i, e in enumerate(out) if _covers(e, name, trusted)), None)
        if covering is not None:
            e = out[covering]
            if (
                e.group not in tops
                and len(name) > len(e.group)
                and e.type in ("establish", "adjust")
                and not _self_prefixed(name, e.group)
            ):
                out[covering] = _event(e.type, name)  # the title's short form: the text's full one
            continue
        in_title = _same_title(title_text, name)
        if _WEAK_KIND_RE.search(name) and not in_title and not recorded:
            continue  # 建立…工作机制: an arrangement, unless it is what the notice is about
        same = [n for _, n in statements if _same(n, name)]
        said = [v for v, n in statements if _same(n, name)]
        full = spelled(name) if recorded else max(same, key=len)
        out.append(_event(_verb(title_text, said, verb, text) if in_title else verb, full))
    # a body the notice gives new sub-groups, with no verb of its own (…总指挥部工作组组成): adjusted
    parents = {c.parent for c in groups if c.parent and c.category != "办公室"}
    for g in groups:
        if g.parent is None and g.name in parents and not any(_covers(e, g.name, tops) for e in out):
            verb = "establish" if _ESTABLISH_TITLE_RE.search(title_text) else "adjust"
            out.append(_event(verb, clean_name(g.name) or g.name))
    out = _fullest_names(out, tops + [n for _, n in statements])
    # a report that a body is abolished tells how it was set up (国务院成立X…今天X撤销): one
    # event, unless the page is a history over the years (an encyclopedia's)
    # "调整X…原X同时撤销": the old composition goes, the body stays: the adjustment only
    remade = [e.group for e in out if e.type in ("establish", "adjust")]
    out = [
        e
        for e in out
        if not (e.type == "abolish" and _said_old(text, e.group) and any(_alike(e.group, g) for g in remade))
    ]
    abolished = [e.group for e in out if e.type == "abolish"]
    if abolished and not _history(text):
        out = [e for e in out if e.type != "establish" or not any(_same(e.group, g) for g in abolished)]
    new_names = {e.group for e in out if e.type in ("rename", "merge")}
    gone = {e.group for e in out if e.type == "abolish"}
    # a renamed body is not set up anew (unless a history page abolished it in between)
    out = [e for e in out if not (e.type == "establish" and e.group in new_names and e.group not in gone)]
    # a headline's short name (延吉成立创城指挥部) written nowhere in the report below it, when
    # the report names what it set up: the headline's shorthand for that body
    made = [e for e in out if e.type in ("establish", "adjust")]
    if title_text and "关于" not in title_text and len(made) >= 2:
        out = [e for e in out if e not in made or text.count(e.group) > title_text.count(e.group)]
    # 原两个领导小组…撤销: a count of bodies; 领导小组 alone: the kind word, no body named
    return _unique(
        [e for e in out if not _COUNTED_RE.match(e.group) and (e.group not in _BARE_NAMES or e.group in tops)]
    )


def _said_old(text: str, name: str) -> bool:
    """原X written for this body (or for it without the organ before it: 原X for 医院X)."""
    return any(f"原{name[k:]}" in text for k in range(0, min(5, len(name) - 4)))


def titled_group_names(
    title: str | None, events: list[Event], groups: list[Group], changes: list[Change]
) -> tuple[list[Event], list[Group], list[Change]]:
    """The main body under the name the notice's title gives it (关于调整X的通知 → X) where the
    text's name is X after the last character of an organ cut off before it (国家发展改革委X
    read as 委X, 研究所X as 所X)."""
    named = names.title_body(title)
    main = groups[0].name if groups and groups[0].parent is None else None
    if not named or not main or named == main or not names.NAME_RE.fullmatch(named):
        return events, groups, changes
    if not (main.endswith(named) and names.is_self_reference(main[: -len(named)])):
        return events, groups, changes
    if any(g.name == named for g in groups):
        return events, groups, changes

    def to_title(name: str) -> str:
        return named if name == main else name

    events = [_event(e.type, to_title(e.group), e.from_) for e in events]
    groups = [
        g.model_copy(update={"name": to_title(g.name), "parent": to_title(g.parent) if g.parent else None})
        for g in groups
    ]
    return _unique(events), groups, [c.model_copy(update={"group": to_title(c.group)}) for c in changes]


def with_aliases(groups: list[Group], aliases: dict[str, str]) -> list[Group]:
    """A main body the notice gives a short name (X（以下简称领导小组）) carries it as its
    alias, under whichever spelling the record names it."""
    if not aliases:
        return groups
    return [
        g.model_copy(update={"alias": aliases[g.name]})
        if g.parent is None and g.alias is None and g.name in aliases
        else g
        for g in groups
    ]


def fullest_group_names(
    events: list[Event], groups: list[Group], changes: list[Change]
) -> tuple[list[Group], list[Change]]:
    """A body the record names short (专家咨询委员会) takes the fuller name its event gives
    it (国家能源领导小组专家咨询委员会): the store follows a body by its name. Its
    sub-groups' parent and its personnel changes follow."""
    tops = {g.name for g in groups if g.parent is None}
    fuller: dict[str, str] = {}
    for e in events:
        if e.type == "abolish":
            continue  # a body the notice ends is not the one it lists
        for top in tops:
            if (
                len(top) >= 4
                and len(e.group) > len(top)
                and e.group.endswith(top)
                and e.group not in tops
                and names.kind_of(top) == names.kind_of(e.group)
            ):
                fuller[top] = max(fuller.get(top, ""), e.group, key=len)
    groups = groups + _set_up_unlisted(events, groups)
    if not fuller:
        return groups, changes
    renamed = [
        g.model_copy(
            update={
                "name": fuller.get(g.name, g.name) if g.parent is None else g.name,
                "parent": fuller.get(g.parent, g.parent) if g.parent else None,
            }
        )
        for g in groups
    ]
    return renamed, [c.model_copy(update={"group": fuller.get(c.group, c.group)}) for c in changes]


def _set_up_unlisted(events: list[Event], groups: list[Group]) -> list[Group]:
    """A body the notice sets up without giving its composition (国务院决定设立X, the list
    not on the page) is still a group of the record: one with no members, partial."""
    names_given = [g.name for g in groups]
    out: list[Group] = []
    for e in events:
        if e.type != "establish" or any(_alike(e.group, n) for n in names_given):
            continue
        names_given.append(e.group)
        out.append(Group(name=e.group, kind=names.kind_of(e.group), partial=True))
    return out


_YEAR_RE = lazy_compile(r"((?:19|20)\d{2})年")


def _history(text: str) -> bool:
    """A page telling a body's history: three years or more written in it."""
    return len(set(_YEAR_RE.findall(text[:20_000]))) >= 3


def _self_prefixed(longer: str, name: str) -> bool:
    """对委社会信用体系…领导小组 beside the title's 社会信用体系…领导小组: the issuer's one-character
    self-reference (委, 局, 厅, 院, 校, 所) is no fuller name."""
    return longer.endswith(name) and names.is_self_reference(longer[: len(longer) - len(name)])


def _fullest_names(events: list[Event], spellings: list[str]) -> list[Event]:
    """Each body under the fullest spelling the notice gives it: 专项行动领导小组 is the
    打击侵犯、假冒…专项行动领导小组 the text sets up; a renamed body is named as renamed."""
    known = spellings + [e.group for e in events] + [o for e in events for o in e.from_]
    known = [k for k in known if clean_name(k) == k and _usable(k)]

    def fullest(name: str) -> str:
        bare = name.strip('“”"')
        longer = [
            k
            for k in known
            if len(k) > len(name) and k.strip('“”"').endswith(bare) and not _self_prefixed(k, name)
        ]
        return max(longer, key=len) if longer and len(bare) >= 4 else name

    return [_event(e.type, fullest(e.group), [fullest(o) for o in e.from_]) for e in events]


def _covers(e: Event, name: str, trusted: list[str]) -> bool:
    """An event already says what the notice does to this body (an abolish does not: a
    history page sets a body up and later abolishes it)."""
    if e.type == "rename" and any(_same(o, name) for o in e.from_):
        return True
    if e.type == "abolish":
        return False
    return _same(e.group, name) or (e.group in trusted and _alike(e.group, name))


def _same_title(title: str, name: str) -> bool:
    body = names.title_body(title)
    return bool(body and _same(body, name))


def _verb(title: str, said: list[str], default: str, text: str) -> str:
    if _ESTABLISH_TITLE_RE.search(title):
        return "establish"
    if _ADJUST_TITLE_RE.search(title):
        return "adjust"
    if said:
        return said[0]
    if default == "adjust" and not _ADJUST_WORD_RE.search(text):
        return "establish"  # a composition with no word of change: the body as set up
    return default


def _unique(events: list[Event]) -> list[Event]:
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    out = []
    for e in events:
        key = (e.type, e.group, tuple(sorted(e.from_)))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
