"""Writes the portal-page fixtures beside this file from example 1's text (run once; output committed).

python tests/data/pages/make_pages.py
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "000_995445077110b21c.txt"

NAV = "".join(
    f'<li><a href="/{slug}/index.html">{name}</a></li>'
    for slug, name in [
        ("index", "首页"),
        ("zwgk", "政务公开"),
        ("zwfw", "政务服务"),
        ("hdjl", "互动交流"),
        ("qhgk", "走进青海"),
        ("xwzx", "新闻中心"),
        ("zfxxgk", "政府信息公开"),
        ("zcjd", "政策解读"),
    ]
)
RELATED = "".join(
    f'<li><a href="/zwgk/xxgk/fdzdgknr/lzyj/szfbgtwj/2019/{i:02d}/t2019{i:02d}_{i}.html" '
    f'title="相关文件{i}">青海省人民政府办公厅关于印发青海省2019年第{i}批工作要点的通知</a>'
    f'<span class="date">2019-0{1 + i % 9}-1{i % 10}</span></li>'
    for i in range(1, 66)
)


def body_html(lines: list[str]) -> str:
    """Example 1's notice as a TRS editor would hold it: title lines, number, paragraphs, signature."""
    out = []
    for line in lines:
        esc = html.escape(line, quote=False)
        if line.startswith("青海省人民政府办公厅") and len(line) < 15 and out and "2019年" not in line:
            out.append(f'<p style="text-align: right;">{esc}&nbsp;&nbsp;&nbsp;&nbsp;</p>')
        elif line.endswith("日") and line.startswith("2019年"):
            out.append(f'<p style="text-align: right;"><span>{esc}</span>&nbsp;&nbsp;&nbsp;</p>')
        elif line.startswith(("一、", "二、", "三、", "四、")):
            out.append(f'<p style="text-indent: 2em;"><strong>{esc}</strong></p>')
        else:
            out.append(
                f'<p style="text-indent: 2em;"><span style="font-family: 仿宋_GB2312;">{esc}</span></p>'
            )
    return "\n".join(out)


def notice_lines() -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index("青海省人民政府办公厅")
    return lines[start + 4 :]  # skip the title block and number: the page writes its own


def page(meta_charset: str | None, charset_label: str = "utf-8") -> str:
    head_meta = f'<meta charset="{charset_label}">' if meta_charset == "charset" else ""
    if meta_charset == "http-equiv":
        head_meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_label}">'
    title = "青海省人民政府办公厅关于成立省政府推进政府职能转变和“放管服”改革协调小组的通知"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{head_meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="青海省人民政府">
<meta name="SiteDomain" content="www.qinghai.gov.cn">
<meta name="ColumnName" content="省政府办公厅文件">
<meta name="ContentSource" content="青海省人民政府办公厅">
<meta name="PubDate" content="2019-02-20 16:12">
<title>{title}_省政府办公厅文件_青海省人民政府</title>
<link rel="stylesheet" href="/images/common.css">
<style>
body {{ margin: 0; font-family: "Microsoft YaHei", sans-serif; }}
.header {{ background: #b5141b; height: 120px; }} .nav li {{ float: left; padding: 0 20px; }}
.xxgk-table td {{ border: 1px solid #ddd; padding: 6px; }} .TRS_Editor p {{ line-height: 2em; }}
</style>
<script src="/js/jquery-1.12.4.min.js"></script>
<script>
var _hmt = _hmt || [];
(function() {{ var hm = document.createElement("script"); hm.src = "https://hm.example/hm.js?abc";
  var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); }})();
function changeSize(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
</script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span>欢迎访问青海省人民政府门户网站</span>
<a href="/wza/index.html">无障碍</a> <a href="/en/index.html">English</a> <a href="/m/index.html">手机版</a></div></div>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="青海省人民政府"></a></div>
<form class="search" action="/search"><input type="text" name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<div class="nav"><ul>{NAV}</ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/xxgk/">政府信息公开</a> &gt; <a href="/zwgk/xxgk/szfbgtwj/">省政府办公厅文件</a></div>
<div class="main w1200">
<table class="xxgk-table" width="100%" cellspacing="0">
<tr><td class="label">索 引 号：</td><td>015000185/2019-00031</td><td class="label">发文字号：</td><td>青政办〔2019〕10号</td></tr>
<tr><td class="label">发布机构：</td><td>青海省人民政府办公厅</td><td class="label">公文时效：</td><td>有效</td></tr>
<tr><td class="label">主题分类：</td><td>综合政务</td><td class="label">成文日期：</td><td>2019-02-14</td></tr>
<tr><td class="label">标　　题：</td><td colspan="3">{title}</td></tr>
</table>
<div class="article">
<h1 class="title">青海省人民政府办公厅关于成立省政府推进政府职能转变和<br>“放管服”改革协调小组的通知</h1>
<div class="info"><span>发布时间：2019-02-20</span><span>来源：省政府办公厅</span>
<span class="fontsize">字号：<a href="javascript:changeSize(18)">大</a> <a href="javascript:changeSize(16)">中</a>
<a href="javascript:changeSize(14)">小</a></span></div>
<div id="zoom">
<div class="TRS_Editor">
<p style="text-align: center;"><strong>青海省人民政府办公厅</strong></p>
<p style="text-align: center;"><strong>关于成立省政府推进政府职能转变和</strong></p>
<p style="text-align: center;"><strong>“放管服”改革协调小组的通知</strong></p>
<p style="text-align: center;">青政办〔2019〕10号</p>
{body_html(notice_lines())}
</div>
</div>
<div class="bdsharebuttonbox"><span>分享到：</span><a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关文件</h3><ul>{RELATED}</ul></div>
</div>
<div class="footer"><p>主办：青海省人民政府办公厅　承办：青海省政务服务监督管理局</p>
<p>网站标识码：6300000001　<a href="https://beian.example/">青ICP备05000001号</a>　青公网安备 63010402000001号</p>
<p><a href="/about/contact.html">联系我们</a> | <a href="/about/sitemap.html">网站地图</a> | <a href="/about/privacy.html">隐私声明</a></p></div>
<script>document.write('<span id="visit">访问量</span>');</script>
</body>
</html>
"""


def zoom_page() -> str:
    """A simpler page whose body is only a #zoom div with <br> lines, old GB2312 portal style."""
    lines = "<br>\n".join(
        html.escape(x, quote=False)
        for x in [
            "重庆市人民政府办公厅",
            "关于调整重庆市人民政府推进政府职能转变和",
            "“放管服”改革协调小组的通知",
            "渝府办发〔2020〕5号",
            "各区县（自治县）人民政府，市政府各部门，有关单位：",
            "经市政府同意，将原重庆市人民政府推进职能转变协调小组更名为重庆市人民政府推进政府职能转变和“放管服”改革协调小组。",
            "组　长：唐良智　市委副书记、市政府市长",
            "副组长：吴存荣　市委常委、市政府常务副市长",
            "重庆市人民政府办公厅",
            "2020年1月11日",
        ]
    )
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>重庆市人民政府办公厅关于调整重庆市人民政府推进政府职能转变和“放管服”改革协调小组的通知-重庆市人民政府</title></head>
<body><table width="980"><tr><td><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></td></tr></table>
<table width="980"><tr><td class="con">发布日期：2020-01-19</td></tr>
<tr><td><div id="zoom">{lines}</div></td></tr>
<tr><td>附件：<a href="/upload/2020/P020200119.pdf">协调小组成员名单.pdf</a>
<a href="../files/list.docx">专题组名单</a></td></tr></table>
<div class="foot">版权所有：重庆市人民政府办公厅</div></body></html>
"""


def main() -> None:
    utf8 = page("charset", "utf-8")
    (HERE / "qinghai_utf8.html").write_text(utf8, encoding="utf-8")
    (HERE / "qinghai_gbk_nometa.html").write_bytes(page(None).encode("gb18030"))
    (HERE / "qinghai_gbk_meta.html").write_bytes(page("http-equiv", "gbk").encode("gb18030"))
    (HERE / "qinghai_utf8_bom.html").write_bytes(b"\xef\xbb\xbf" + page(None).encode("utf-8"))
    # The header will say iso-8859-1 (the test passes it); the meta says gbk: believe the meta.
    (HERE / "qinghai_header_latin1_meta_gbk.html").write_bytes(page("charset", "gbk").encode("gb18030"))
    (HERE / "chongqing_zoom_gb2312.html").write_bytes(zoom_page().encode("gb18030"))
    (HERE / "qinghai_plain.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    main()
