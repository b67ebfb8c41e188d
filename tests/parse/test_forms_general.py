"""General forms that unseen real notices showed (issue 10, second blind batch): small
real-style notices written here, one per form, each read by a general rule.

Members: (group, role, person, title, unit). Changes: (group, role, removed, added) with
each holder as (person, title, unit). Metadata: issuer and region.
"""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text
from store.records import Holder as StoredHolder
from tests.parse.test_forms import Row, rows

Holder = tuple[str | None, str | None, str | None] | None
ChangeRow = tuple[str, str, Holder, Holder]

G = "县招商引资工作领导小组"
HEAD = f"关于成立{G}的通知\n"

MEMBERS: list[tuple[str, str, list[Row]]] = [
    (
        "post before the name, the name last (总指挥：集团公司总经理　张三)",
        "某集团公司关于成立安全生产应急指挥部的通知\n决定成立集团公司安全生产应急指挥部，组成人员如下：\n"
        "总指挥：集团公司总经理　张三\n副总指挥：集团公司副总经理　李四、王五\n"
        "成员：办公室主任　赵六\n　　　财务部部长　钱七\n",
        [
            ("集团公司安全生产应急指挥部", "总指挥", "张三", "集团公司总经理", None),
            ("集团公司安全生产应急指挥部", "副总指挥", "李四", "集团公司副总经理", None),
            ("集团公司安全生产应急指挥部", "副总指挥", "王五", "集团公司副总经理", None),
            ("集团公司安全生产应急指挥部", "成员", "赵六", "办公室主任", None),
            ("集团公司安全生产应急指挥部", "成员", "钱七", "财务部部长", None),
        ],
    ),
    (
        "rows 职务　姓名 under a label, a title with 、 inside",
        f"{HEAD}组　长：县委副书记、县长　张三\n副组长：县委常委、常务副县长　李四\n　　　　副县长　王五\n"
        "成　员：县发改局局长张六、县财政局局长李七\n　　　　县水利局局长　　孙八\n",
        [
            (G, "组长", "张三", "县委副书记、县长", None),
            (G, "副组长", "李四", "县委常委、常务副县长", None),
            (G, "副组长", "王五", "副县长", None),
            (G, "成员", "张六", "县发改局局长", None),
            (G, "成员", "李七", "县财政局局长", None),
            (G, "成员", "孙八", "县水利局局长", None),
        ],
    ),
    (
        "table 序号 姓名 单位 职务: the role cell on a block's first row only, a header repeated",
        "关于调整县应急委员会组成人员的通知\n序号\t姓名\t单位\t职务\n1\t刘一\t县政府\t主任\n"
        "2\t陈二\t县政府\t副主任\n3\t孙三\t县应急局\t\n4\t周四\t县水利局\t委员\n"
        "序号\t姓名\t单位\t职务\n5\t吴五\t县公安局\t\n6\t郑六\t县财政局\t\n",
        [
            ("县应急委员会", "主任", "刘一", "县政府", None),
            ("县应急委员会", "副主任", "陈二", "县政府", None),
            ("县应急委员会", "副主任", "孙三", "县应急局", None),
            ("县应急委员会", "委员", "周四", "县水利局", None),
            ("县应急委员会", "委员", "吴五", "县公安局", None),
            ("县应急委员会", "委员", "郑六", "县财政局", None),
        ],
    ),
    (
        "table 序号 职务 姓名 单位及职务: blank role cells, a page number inside",
        f"{HEAD}序号\t职务\t姓名\t单位及职务\n1\t组长\t张三\t县政府县长\n2\t副组长\t李四\t县政府副县长\n"
        "3\t\t王五\t县政府副县长\n- 2 -\n4\t成员\t赵六\t县发改局局长\n5\t\t钱七\t县财政局局长\n",
        [
            (G, "组长", "张三", "县政府县长", None),
            (G, "副组长", "李四", "县政府副县长", None),
            (G, "副组长", "王五", "县政府副县长", None),
            (G, "成员", "赵六", "县发改局局长", None),
            (G, "成员", "钱七", "县财政局局长", None),
        ],
    ),
    (
        "table 序号 姓名 职务 小组职务: the role last, blank on a continuation row",
        f"{HEAD}序号\t姓名\t职务\t小组职务\n1\t张三\t县长\t组长\n2\t李四\t副县长\t副组长\n"
        "3\t王五\t副县长\t\n4\t赵六\t县发改局局长\t成员\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "副组长", "李四", "副县长", None),
            (G, "副组长", "王五", "副县长", None),
            (G, "成员", "赵六", "县发改局局长", None),
        ],
    ),
    (
        "table 序号 姓名 单位 职务 小组职务: three cells before the role, blank role cells",
        f"{HEAD}序号\t姓名\t单位\t职务\t小组职务\n1\t张三\t县政府\t县长\t组长\n2\t李四\t县政府\t副县长\t副组长\n"
        "3\t王五\t县政府\t副县长\t\n4\t赵六\t县发改局\t局长\t成员\n5\t钱七\t县财政局\t局长\t\n",
        [
            (G, "组长", "张三", "县政府县长", None),
            (G, "副组长", "李四", "县政府副县长", None),
            (G, "副组长", "王五", "县政府副县长", None),
            (G, "成员", "赵六", "县发改局局长", None),
            (G, "成员", "钱七", "县财政局局长", None),
        ],
    ),
    (
        "one cell per line, a blank role cell (an empty line) continuing the role above",
        f"{HEAD}领导小组成员名单\n职务\n姓名\n单位及职务\n组长\n张三\n县政府县长\n副组长\n李四\n县政府副县长\n"
        "\n王五\n县政府副县长\n成员\n赵六\n县发改局局长\n",
        [
            (G, "组长", "张三", "县政府县长", None),
            (G, "副组长", "李四", "县政府副县长", None),
            (G, "副组长", "王五", "县政府副县长", None),
            (G, "成员", "赵六", "县发改局局长", None),
        ],
    ),
    (
        "委员： split into labelled sub-lists, then 秘书",
        "关于成立医院伦理委员会的通知\n主任委员：张三　院长\n委员：\n"
        "（一）职能部门委员：李四（医务科科长）、王五（护理部主任）\n"
        "（二）临床科室委员：赵六（内科主任）、钱七（外科主任）\n秘书：孙八（医务科干事）\n",
        [
            ("医院伦理委员会", "主任委员", "张三", "院长", None),
            ("医院伦理委员会", "委员", "李四", "医务科科长", None),
            ("医院伦理委员会", "委员", "王五", "护理部主任", None),
            ("医院伦理委员会", "委员", "赵六", "内科主任", None),
            ("医院伦理委员会", "委员", "钱七", "外科主任", None),
            ("医院伦理委员会", "秘书", "孙八", "医务科干事", None),
        ],
    ),
    (
        "sub-lists whose labels name no role hold the role above; 秘书长 and 联络员 after",
        "关于成立学校学术委员会的通知\n主任委员：张三\n副主任委员：李四\n委员：\n"
        "（一）教学单位：王五、赵六\n（二）职能部门：钱七\n秘书长：孙八（科研处处长）\n联络员：周九\n",
        [
            ("学校学术委员会", "主任委员", "张三", None, None),
            ("学校学术委员会", "副主任委员", "李四", None, None),
            ("学校学术委员会", "委员", "王五", None, None),
            ("学校学术委员会", "委员", "赵六", None, None),
            ("学校学术委员会", "委员", "钱七", None, None),
            ("学校学术委员会", "秘书长", "孙八", "科研处处长", None),
            ("学校学术委员会", "联络员", "周九", None, None),
        ],
    ),
    (
        "委员（按姓氏笔画排序）： names on the next line",
        "关于成立医院质量管理委员会的通知\n主　任：院长　张三\n委　员（按姓氏笔画排序）：\n王五　刘七　李四\n"
        "秘　书：医务科　赵九\n",
        [
            ("医院质量管理委员会", "主任", "张三", "院长", None),
            ("医院质量管理委员会", "委员", "王五", None, None),
            ("医院质量管理委员会", "委员", "刘七", None, None),
            ("医院质量管理委员会", "委员", "李四", None, None),
            ("医院质量管理委员会", "秘书", "赵九", "医务科", None),
        ],
    ),
    (
        "a news report: leaders in prose, members 成员包括…等",
        "本报讯 近日，某市人民政府成立市优化营商环境领导小组，副市长张三任组长，市政府副秘书长李四、"
        "市工信局局长王五任副组长，成员包括市发改委、市财政局、市商务局等部门主要负责同志。",
        [
            ("市优化营商环境领导小组", "组长", "张三", "副市长", None),
            ("市优化营商环境领导小组", "副组长", "李四", "市政府副秘书长", None),
            ("市优化营商环境领导小组", "副组长", "王五", "市工信局局长", None),
            ("市优化营商环境领导小组", "成员", None, "主要负责同志", "市发改委"),
            ("市优化营商环境领导小组", "成员", None, "主要负责同志", "市财政局"),
            ("市优化营商环境领导小组", "成员", None, "主要负责同志", "市商务局"),
        ],
    ),
    (
        "a news report: 成员包括…等20个部门 (units, no official), 组长由…担任",
        "记者从市政府获悉，市政府近日成立城市更新工作领导小组，组长由市长刘一担任，常务副市长陈二、副市长孙三"
        "担任副组长，成员包括市发改委、市住建局、市自然资源局等20个部门。",
        [
            ("城市更新工作领导小组", "组长", "刘一", "市长", None),
            ("城市更新工作领导小组", "副组长", "陈二", "常务副市长", None),
            ("城市更新工作领导小组", "副组长", "孙三", "副市长", None),
            ("城市更新工作领导小组", "成员", None, None, "市发改委"),
            ("城市更新工作领导小组", "成员", None, None, "市住建局"),
            ("城市更新工作领导小组", "成员", None, None, "市自然资源局"),
        ],
    ),
    (
        "work groups named in prose, each clause 某组，由…任组长",
        "本报讯 近日，市政府成立市优化营商环境领导小组，副市长张三任组长。领导小组下设三个工作组："
        "综合协调组，由市发改委主任赵六任组长；政策督查组，由市财政局局长钱七任组长。",
        [
            ("市优化营商环境领导小组", "组长", "张三", "副市长", None),
            ("综合协调组", "组长", "赵六", "市发改委主任", None),
            ("政策督查组", "组长", "钱七", "市财政局局长", None),
        ],
    ),
    (
        "work groups listed in prose, 分别由A、B任组长",
        "本报讯 近日，市政府成立市优化营商环境领导小组，副市长张三任组长。"
        "领导小组下设综合协调组和政策督查组，分别由市发改委主任赵六、市财政局局长钱七任组长。",
        [
            ("市优化营商环境领导小组", "组长", "张三", "副市长", None),
            ("综合协调组", "组长", "赵六", "市发改委主任", None),
            ("政策督查组", "组长", "钱七", "市财政局局长", None),
        ],
    ),
    (
        "a changes notice that lists the new holders with the former one in brackets",
        "某县人民政府关于调整县安全生产委员会组成人员的通知\n因人员变动，现对县安委会组成人员调整如下：\n"
        "主任：张三（原为李四）\n副主任：王五（县委常委、副县长），原副主任赵六同志不再担任。\n",
        [
            ("县安全生产委员会", "主任", "张三", None, None),
            ("县安全生产委员会", "副主任", "王五", "县委常委、副县长", None),
        ],
    ),
    (
        "unnumbered sub-lists under a bare label (委员：\\n职能部门：张三、李四)",
        "某医院关于调整医疗质量管理委员会组成人员的通知\n主任：张一（院长）\n委员：\n"
        "职能部门：张三、李四\n临床科室：王五、赵六\n",
        [
            ("医疗质量管理委员会", "主任", "张一", "院长", None),
            ("医疗质量管理委员会", "委员", "张三", None, None),
            ("医疗质量管理委员会", "委员", "李四", None, None),
            ("医疗质量管理委员会", "委员", "王五", None, None),
            ("医疗质量管理委员会", "委员", "赵六", None, None),
        ],
    ),
    (
        "a table with a second 组长 row and no sub-group declared: the body's own",
        "关于调整县防汛抗旱指挥部组成人员的通知\n职务\t姓名\t单位\n组长\t张三\t县政府\n"
        "副组长\t李四\t县政府\n成员\t王五\t县水利局\n组长\t赵六\t县教育局\n成员\t钱七\t县财政局\n",
        [
            ("县防汛抗旱指挥部", "组长", "张三", "县政府", None),
            ("县防汛抗旱指挥部", "副组长", "李四", "县政府", None),
            ("县防汛抗旱指挥部", "成员", "王五", "县水利局", None),
            ("县防汛抗旱指挥部", "组长", "赵六", "县教育局", None),
            ("县防汛抗旱指挥部", "成员", "钱七", "县财政局", None),
        ],
    ),
    (
        "a kind of unit after its organisation (医院主要职能科室主任) is a collective, no member",
        "某医院关于成立创建卫生城市工作领导小组的通知\n成立以张三院长为组长，"
        "医院主要职能科室主任为成员的创建卫生城市工作领导小组。\n",
        [("创建卫生城市工作领导小组", "组长", "张三", "院长", None)],
    ),
    (
        "office paragraph: 由<post>兼任<short office name>主任 (县安委办), a post, no name",
        "关于调整县安全生产委员会组成人员的通知\n主任：张三（县长）\n"
        "县安委会办公室设在县应急管理局，由县应急管理局局长兼任县安委办主任。\n",
        [
            ("县安全生产委员会", "主任", "张三", "县长", None),
            ("县安委会办公室", "主任", None, "局长", "县应急管理局"),
        ],
    ),
    (
        "office paragraph: 县安委办主任由…兼任 (the office's short name first)",
        "关于调整县安全生产委员会组成人员的通知\n主任：张三（县长）\n"
        "县安委会办公室设在县应急管理局，县安委办主任由县应急管理局局长李四兼任。\n",
        [
            ("县安全生产委员会", "主任", "张三", "县长", None),
            ("县安委会办公室", "主任", "李四", "县应急管理局局长", None),
        ],
    ),
    (
        "office paragraph: 办公室设在X，由Y同志兼任办公室主任 (no post beside the name: title null)",
        f"{HEAD}组长：张三（县长）\n领导小组下设办公室，办公室设在县商务局，由邬建华同志兼任办公室主任。\n",
        [(G, "组长", "张三", "县长", None), ("领导小组办公室", "主任", "邬建华", None, None)],
    ),
    (
        "a collective post (副校级领导, 院领导班子成员) holds no seat",
        "关于成立示范校建设领导小组的通知\n学校成立由校长张三为组长，副校级领导为副组长，"
        "院领导班子成员为成员的示范校建设领导小组。\n",
        [("示范校建设领导小组", "组长", "张三", "校长", None)],
    ),
    (
        "the post, a comma, then its holder (组长：县长，张三)",
        f"{HEAD}组长：县长，张三\n副组长：副县长，李四；县政府办主任，王五\n成员：县水利局局长，赵六\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "副组长", "李四", "副县长", None),
            (G, "副组长", "王五", "县政府办主任", None),
            (G, "成员", "赵六", "县水利局局长", None),
        ],
    ),
    (
        "places counted with their level (城关、东城两镇主要负责同志), a collective after 和",
        f"{HEAD}县长张三任组长，城关、东城两镇主要负责同志和县直有关单位负责同志为成员。\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "成员", None, "主要负责同志", "城关"),
            (G, "成员", None, "主要负责同志", "东城"),
        ],
    ),
    (
        "a name glued before an internal department's post (李明教务处处长)",
        "关于成立学校安全工作领导小组的通知\n组长：刘强校长\n"
        "成员：李明教务处处长、王芳总务处处长、赵刚保卫处处长、欧阳红办公室主任\n",
        [
            ("学校安全工作领导小组", "组长", "刘强", "校长", None),
            ("学校安全工作领导小组", "成员", "李明", "教务处处长", None),
            ("学校安全工作领导小组", "成员", "王芳", "总务处处长", None),
            ("学校安全工作领导小组", "成员", "赵刚", "保卫处处长", None),
            ("学校安全工作领导小组", "成员", "欧阳红", "办公室主任", None),
        ],
    ),
    (
        "seats named beside a change in one sentence (…任组长，…任副组长；张三同志不再担任组长)",
        f"关于调整{G}成员的通知\n经研究，决定李四同志任{G}组长，王五同志任副组长；张三同志不再担任组长职务。\n",
        [(G, "组长", "李四", None, None), (G, "副组长", "王五", None, None)],
    ),
    (
        "units' posts, then a name glued to its own title (县发改局局长、县财政局局长、张三县水利局局长)",
        f"{HEAD}组长：李一（县长）\n成员：县发改局局长、县财政局局长、张三县水利局局长\n",
        [
            (G, "组长", "李一", "县长", None),
            (G, "成员", None, "局长", "县发改局"),
            (G, "成员", None, "局长", "县财政局"),
            (G, "成员", "张三", "县水利局局长", None),
        ],
    ),
    (
        "a company naming itself in the title (集团公司…), its full name in the body",
        "关于成立集团公司安全生产应急指挥部的通知\n经集团公司研究，决定成立某某港口集团有限公司安全生产应急指挥部。"
        "组成如下：\n总指挥：集团总裁　张三\n成员：财务部部长　李四\n",
        [
            ("某某港口集团有限公司安全生产应急指挥部", "总指挥", "张三", "集团总裁", None),
            ("某某港口集团有限公司安全生产应急指挥部", "成员", "李四", "财务部部长", None),
        ],
    ),
    (
        "a school naming itself in the title (某某大学关于调整学校…), names with · and a title after",
        "某某大学关于调整学校教材建设与管理委员会组成人员的通知\n经学校研究，决定对某某大学教材建设与管理委员会"
        "组成人员进行调整：\n主任委员：张振宇　党委书记\n委　　员：\n　　艾尔肯·热合曼　国际教育学院院长\n",
        [
            ("某某大学教材建设与管理委员会", "主任委员", "张振宇", "党委书记", None),
            ("某某大学教材建设与管理委员会", "委员", "艾尔肯·热合曼", "国际教育学院院长", None),
        ],
    ),
    (
        "work groups labelled on their lines (综合协调组：由…牵头，…参加), 牵头单位 is no unit",
        f"{HEAD}组长：张三（县长）\n领导小组下设2个工作组：\n综合协调组：由县卫生局牵头，县发改局、县财政局参加；\n"
        "宣传组：由县委宣传部牵头，县广电局参加。\n各工作组组长由牵头单位分管负责同志担任。\n",
        [
            (G, "组长", "张三", "县长", None),
            ("综合协调组", "牵头", None, None, "县卫生局"),
            ("综合协调组", "成员", None, None, "县发改局"),
            ("综合协调组", "成员", None, None, "县财政局"),
            ("宣传组", "牵头", None, None, "县委宣传部"),
            ("宣传组", "成员", None, None, "县广电局"),
        ],
    ),
    (
        "members under their units (安全环保部：傅宏亮（部长）、温天佑（副部长）): the unit is no holder",
        "关于调整集团安全生产委员会组成人员的通知\n主　　任：游建华　董事长\n委　　员：\n"
        "安全环保部：傅宏亮（部长）、温天佑（副部长）\n综合办公室：蓝文娟（主任）\n",
        [
            ("集团安全生产委员会", "主任", "游建华", "董事长", None),
            ("集团安全生产委员会", "委员", "傅宏亮", "部长", None),
            ("集团安全生产委员会", "委员", "温天佑", "副部长", None),
            ("集团安全生产委员会", "委员", "蓝文娟", "主任", None),
        ],
    ),
    (
        "委员 in numbered sub-lists, each headed (（二）临床医技科室委员（按科室排序）), a label after",
        "关于调整医院医疗质量委员会组成人员的通知\n主任委员：呼和（院长）\n委员：\n（一）职能部门委员\n"
        "白音仓　医务部主任\n（二）临床医技科室委员（按科室排序）\n赫连春　心血管内科主任\n"
        "秘书：阿拉坦（医务部副主任）\n",
        [
            ("医院医疗质量委员会", "主任委员", "呼和", "院长", None),
            ("医院医疗质量委员会", "委员", "白音仓", "医务部主任", None),
            ("医院医疗质量委员会", "委员", "赫连春", "心血管内科主任", None),
            ("医院医疗质量委员会", "秘书", "阿拉坦", "医务部副主任", None),
        ],
    ),
    (
        "units' members under numbered headings (（一）集团本部 / （二）所属企业)",
        "关于调整集团安全生产委员会组成人员的通知\n主　　任：游建华　董事长\n委　　员：\n（一）集团本部\n"
        "安全环保部：傅宏亮（部长）\n（二）所属企业\n龙津发电有限公司：涂永健（总经理）\n",
        [
            ("集团安全生产委员会", "主任", "游建华", "董事长", None),
            ("集团安全生产委员会", "委员", "傅宏亮", "部长", None),
            ("集团安全生产委员会", "委员", "涂永健", "总经理", None),
        ],
    ),
    (
        "the title's 区… is the place the body writes in full (西宁市湟中区…（以下简称区…）)",
        "关于调整区防汛抗旱指挥部成员的通知\n现对西宁市湟中区防汛抗旱指挥部（以下简称区防指）成员进行调整：\n"
        "指挥长：马德林（区长）\n",
        [("西宁市湟中区防汛抗旱指挥部", "指挥长", "马德林", "区长", None)],
    ),
    (
        "the title's 市… is the city the body names before its short form (海东市禁毒委员会（以下简称…）)",
        "海东市人民政府办公室关于调整市禁毒委员会成员的通知\n经市政府同意，现对海东市禁毒委员会（以下简称市禁毒委）"
        "成员调整如下：\n主任：张三（市长）\n",
        [("海东市禁毒委员会", "主任", "张三", "市长", None)],
    ),
    (
        "a successor named by post (其成员职务由接任的县城管局局长担任)",
        "关于调整县防汛领导小组成员的通知\n现对县防汛领导小组成员作如下调整：\n"
        "县城管局局长沙　明同志调离，其领导小组成员职务由接任的县城管局局长担任。\n",
        [("县防汛领导小组", "成员", None, "局长", "县城管局")],
    ),
    (
        "a city before a post is no person (周口市公安局局长), a name after it is",
        f"{HEAD}组长：张三（县长）\n副组长：周口市公安局局长\n成员：周口市财政局局长王五\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "副组长", None, "局长", "周口市公安局"),
            (G, "成员", "王五", "周口市财政局局长", None),
        ],
    ),
    (
        "a numbered work group whose name ends in 员组 (（二）宣传动员组)",
        f"{HEAD}组长：张三（县长）\n领导小组下设2个工作组：\n（一）综合协调组\n组长：李四　县政府秘书长\n\n"
        "（二）宣传动员组\n组长：王五　县委宣传部副部长\n",
        [
            (G, "组长", "张三", "县长", None),
            ("综合协调组", "组长", "李四", "县政府秘书长", None),
            ("宣传动员组", "组长", "王五", "县委宣传部副部长", None),
        ],
    ),
    (
        "a collective's two officials after the units (…，各临床医技科室主任及护士长): no member",
        "关于成立医院改善医疗服务领导小组的通知\n组长：苏日娜　党委书记\n"
        "成员：医务部、护理部，各临床医技科室主任及护士长。\n",
        [
            ("医院改善医疗服务领导小组", "组长", "苏日娜", "党委书记", None),
            ("医院改善医疗服务领导小组", "成员", None, None, "医务部"),
            ("医院改善医疗服务领导小组", "成员", None, None, "护理部"),
        ],
    ),
    (
        "a spaced name with the surname 星 in a 、 list (市团委书记星　辉)",
        f"关于调整{G}成员的通知\n现对{G}成员调整如下：\n"
        f"增补县教育局局长李青梅、团县委书记星　辉为{G}成员。\n",
        [
            (G, "成员", "李青梅", "县教育局局长", None),
            (G, "成员", "星辉", "团县委书记", None),
        ],
    ),
    (
        "the Hebei surname 郄 on a name alone in its row",
        f"{HEAD}组长\n郄占国\n副县长\n",
        [(G, "组长", "郄占国", "副县长", None)],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), MEMBERS, ids=[f[0] for f in MEMBERS])
def test_members(label: str, text: str, expected: list[Row]) -> None:
    assert sorted(rows(text), key=str) == sorted(expected, key=str)


def _changes(text: str) -> list[ChangeRow]:
    record = parse_text(text)

    def holder(h: StoredHolder | None) -> Holder:
        return None if h is None else (h.person, h.title, h.unit)

    return [(c.group, c.role, holder(c.removed), holder(c.added)) for c in record.changes]


C = "某市防汛抗旱指挥部"
C_HEAD = (
    f"某市人民政府办公室关于调整{C}组成人员的通知\n"
    f"因人事变动，市政府决定对{C}（以下简称市防指）组成人员进行调整：\n"
)
OFFICE = "市防指办公室"

CHANGES: list[tuple[str, str, list[ChangeRow]]] = [
    (
        "不再担任…，由…同志（post）接任",
        C_HEAD + "因工作变动，张三同志不再担任市防指副总指挥，由李四同志（市水利局局长）接任。",
        [(C, "副总指挥", ("张三", None, None), ("李四", "市水利局局长", None))],
    ),
    (
        "增补…为",
        C_HEAD + "增补王五同志为市防指副总指挥。",
        [(C, "副总指挥", None, ("王五", None, None))],
    ),
    (
        "免去…职务 alone",
        C_HEAD + "免去赵六同志的市防指成员职务。",
        [(C, "成员", ("赵六", None, None), None)],
    ),
    (
        "免去…职务，任命…为: one change",
        C_HEAD + "免去张三的市防指副总指挥职务，任命李四为市防指副总指挥。",
        [(C, "副总指挥", ("张三", None, None), ("李四", None, None))],
    ),
    (
        "…的职务由…担任",
        C_HEAD + "市防指办公室主任的职务由周九同志担任。",
        [(OFFICE, "主任", None, ("周九", None, None))],
    ),
    (
        "其…职务由…接任",
        C_HEAD + "赵六同志因工作调动不再担任市防指成员，其成员职务由钱七同志接任。",
        [(C, "成员", ("赵六", None, None), ("钱七", None, None))],
    ),
    (
        "a seat passed to a successor named only by post (由新任…局长担任)",
        C_HEAD + "吴十同志不再担任市防指成员，由新任市交通运输局局长担任。",
        [(C, "成员", ("吴十", None, None), (None, "局长", "市交通运输局"))],
    ),
    (
        "one person leaving several posts",
        C_HEAD + "郑一同志不再担任市防指副总指挥、市防指办公室主任职务。",
        [(C, "副总指挥", ("郑一", None, None), None), (OFFICE, "主任", ("郑一", None, None), None)],
    ),
    (
        "the new holder first, 原+role before the one leaving: one change",
        C_HEAD + "市水利局局长王三同志任市防指副总指挥，原副总指挥李四同志不再担任。",
        [(C, "副总指挥", ("李四", None, None), ("王三", "市水利局局长", None))],
    ),
    (
        "增补…为…，…为…: each clause an addition",
        C_HEAD + "增补李四同志（市公安局局长）为市防指成员，王五同志（市应急局局长）为市防指副总指挥。",
        [
            (C, "成员", None, ("李四", "市公安局局长", None)),
            (C, "副总指挥", None, ("王五", "市应急局局长", None)),
        ],
    ),
    (
        "…接任…同志的…职务",
        C_HEAD + "李四同志（市公安局副局长）接任张三同志的市防指成员职务。",
        [(C, "成员", ("张三", None, None), ("李四", "市公安局副局长", None))],
    ),
    (
        "one person moving seats: …任A，不再担任B",
        C_HEAD + "李四同志任市防指副总指挥，不再担任市防指成员。",
        [(C, "副总指挥", None, ("李四", None, None)), (C, "成员", ("李四", None, None), None)],
    ),
    (
        "原…同志调离，由…接任",
        C_HEAD + "原市防指副总指挥张三同志调离，由李四同志接任。",
        [(C, "副总指挥", ("张三", None, None), ("李四", None, None))],
    ),
    (
        "a change table 序号 职务 原成员 调整后成员 备注, — for nobody, a note glued to the cell",
        C_HEAD + "序号\t指挥部职务\t原成员\t调整后成员\t备注\n1\t总指挥\t张　三\t李四（市长）\t\n"
        "2\t成员\t—\t王五（市应急局局长）\t增补\n3\t成员\t赵六\t—\t机构撤并，不再担任\n",
        [
            (C, "总指挥", ("张三", None, None), ("李四", "市长", None)),
            (C, "成员", None, ("王五", "市应急局局长", None)),
            (C, "成员", ("赵六", None, None), None),
        ],
    ),
    (
        "不再担任…，…主任由…担任 (the seat named again before 由)",
        C_HEAD + "因工作变动，张三同志不再担任市防指总指挥，市防指总指挥由李四同志担任。",
        [(C, "总指挥", ("张三", None, None), ("李四", None, None))],
    ),
    (
        "headings 增补 / 不再担任…的同志 over rows and lists",
        C_HEAD
        + "一、增补\n成员：李四（市公安局副局长）、王五（市应急局局长）\n二、不再担任成员的同志：张三、赵六",
        [
            (C, "成员", None, ("李四", "市公安局副局长", None)),
            (C, "成员", None, ("王五", "市应急局局长", None)),
            (C, "成员", ("张三", None, None), None),
            (C, "成员", ("赵六", None, None), None),
        ],
    ),
    (
        "a notice changing some posts: a seat filled (…主任由…担任) is a change",
        f"某市人民政府办公室关于调整{C}部分成员的通知\n因人事变动，现对{C}部分成员调整如下：\n"
        f"一、张三同志不再担任副总指挥，由李四同志（市水利局局长）担任。\n二、{C}办公室主任由王五同志担任。\n",
        [
            (C, "副总指挥", ("张三", None, None), ("李四", "市水利局局长", None)),
            (f"{C}办公室", "主任", None, ("王五", None, None)),
        ],
    ),
    (
        "a notice changing some posts: …同志任… is a change",
        f"某市人民政府办公室关于调整{C}部分成员的通知\n因人事变动，现对{C}部分成员调整如下：\n"
        "市委常委、副市长王五同志任市防指副总指挥。\n",
        [(C, "副总指挥", None, ("王五", "市委常委、副市长", None))],
    ),
    (
        "a table 职务 原任 现任, a blank role cell",
        C_HEAD + "职务\t原任\t现任\n副总指挥\t张三\t李四（副市长）\n成员\t王五\t赵六（市公安局局长）\n"
        "\t钱七\t孙八（市应急局局长）\n",
        [
            (C, "副总指挥", ("张三", None, None), ("李四", "副市长", None)),
            (C, "成员", ("王五", None, None), ("赵六", "市公安局局长", None)),
            (C, "成员", ("钱七", None, None), ("孙八", "市应急局局长", None)),
        ],
    ),
    (
        "a table 序号 职务 原任人员 调整后人员 单位及职务",
        C_HEAD + "序号\t职务\t原任人员\t调整后人员\t单位及职务\n1\t副总指挥\t张三\t李四\t副市长\n",
        [(C, "副总指挥", ("张三", None, None), ("李四", "副市长", None))],
    ),
    (
        "a list row naming the former holder (主任：张三（原为李四）)",
        "某县人民政府关于调整县安全生产委员会组成人员的通知\n现对县安委会组成人员调整如下：\n主任：张三（原为李四）\n",
        [("县安全生产委员会", "主任", ("李四", None, None), ("张三", None, None))],
    ),
    (
        "the role label before 增补 (委员：增补李四（…）、王五（…）)",
        f"某市人民政府办公室关于调整{C}部分成员的通知\n因人事变动，现对{C}部分成员调整如下：\n"
        "成员：增补李四（市公安局副局长）、王五（市水利局局长）\n",
        [
            (C, "成员", None, ("李四", "市公安局副局长", None)),
            (C, "成员", None, ("王五", "市水利局局长", None)),
        ],
    ),
    (
        "由…担任 as its own sentence after 不再担任",
        C_HEAD + "因工作变动，张三同志不再担任市防指副总指挥。由李四同志担任。",
        [(C, "副总指挥", ("张三", None, None), ("李四", None, None))],
    ),
    (
        "a labelled row of one seat: 副总指挥：原张三，现调整为李四（…） / 成员：王五调整为赵六（…）",
        C_HEAD + "副总指挥：原张三，现调整为李四（副市长）\n成员：王五调整为赵六（市公安局局长）\n",
        [
            (C, "副总指挥", ("张三", None, None), ("李四", "副市长", None)),
            (C, "成员", ("王五", None, None), ("赵六", "市公安局局长", None)),
        ],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), CHANGES, ids=[f[0] for f in CHANGES])
def test_changes(label: str, text: str, expected: list[ChangeRow]) -> None:
    assert sorted(_changes(text), key=str) == sorted(expected, key=str)


META: list[tuple[str, str, str | None, str | None]] = [
    (
        "a party office in the title and the signature",
        "中共某县委办公室关于成立县乡村振兴领导小组的通知\n县委决定成立县乡村振兴领导小组。\n组长：张三\n"
        "中共某县委办公室\n2021年5月1日",
        "中共某县委办公室",
        "某县",
    ),
    (
        "a signature with no place: the region from the title's organ",
        "中共某县委员会办公室关于成立县委网络安全和信息化委员会的通知\n主任：张三\n县委办公室\n2020年1月1日",
        "县委办公室",
        "某县",
    ),
    (
        "a page header's 发布机构",
        "发布机构：某市人民政府办公室\n关于成立市招商领导小组的通知\n组长：张三\n",
        "某市人民政府办公室",
        "某市",
    ),
    (
        "a masthead 某县人民政府办公室文件, no signature",
        "某县人民政府办公室文件\n某政办发〔2020〕3号\n关于成立县河长制领导小组的通知\n各乡镇人民政府：\n组长：张三\n",
        "某县人民政府办公室",
        "某县",
    ),
    (
        "a signature with no place: the region from the title's organ (政府 body)",
        "某县人民政府办公室关于成立县河长制领导小组的通知\n组长：张三\n县政府办\n2020年3月1日",
        "县政府办",
        "某县",
    ),
    (
        "a level word with no place (街道办事处) names no region",
        "关于成立街道综合治理领导小组的通知\n组长：张三\n街道办事处\n2019年3月1日",
        "街道办事处",
        None,
    ),
    (
        "no issuer, a provincial government's number form (鄂政办发): the province",
        "关于成立省防汛抗旱指挥部的通知\n鄂政办发〔2019〕12号\n总指挥：张三\n",
        None,
        "湖北省",
    ),
    (
        "no issuer, a number form cities share (宁政办发: Nanjing or Ningxia): no region",
        "关于成立防汛抗旱指挥部的通知\n宁政办发〔2019〕12号\n总指挥：张三\n",
        None,
        None,
    ),
    (
        "a township party committee signs: the town's region",
        "关于成立镇防汛工作领导小组的通知\n组长：张三\n中共某县陈贵镇委员会\n2019年3月1日",
        "中共某县陈贵镇委员会",
        "某县陈贵镇",
    ),
    (
        "an issuer named by its level alone (县委): the place the text names before the organ",
        "关于成立县防汛工作领导小组的通知\n为加强领导，通山县委决定成立县防汛工作领导小组。\n组长：张三\n"
        "县委\n2019年3月1日",
        "县委",
        "通山县",
    ),
    (
        "an issuer named by its level alone, no place in the text: no region",
        "关于成立县防汛工作领导小组的通知\n组长：张三\n县委\n2019年3月1日",
        "县委",
        None,
    ),
]


@pytest.mark.parametrize(("label", "text", "issuer", "region"), META, ids=[f[0] for f in META])
def test_metadata(label: str, text: str, issuer: str | None, region: str | None) -> None:
    record = parse_text(text)
    assert (record.issuer, record.region) == (issuer, region)
