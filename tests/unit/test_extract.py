from pipelines.extract import extract
from pipelines.run import process
from tests.helpers import decoded, raw

PARAGRAPHS = [
    "2月21日，镇江经开区召开高质量发展暨产业强区推进大会，动员全区上下坚定信心、鼓足干劲，推动项目建设再突破。",
    "经开区作为镇江改革开放的前沿阵地，将在创新引领产业强市上奋力作为、争当表率，为全市发展作出新的积极贡献。",
    "会议要求，要进一步优化项目审批和服务推进机制，确保省重大项目上半年开工率100%，市重大项目三季度开工率100%。",
]


def portal_page(charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    nav = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(12))
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>让创新成为最鲜明的特质_镇江新闻网</title>
<meta property="og:site_name" content="镇江新闻网"></head><body>
<div class="nav"><ul>{nav}</ul></div>
<div class="crumb">首页 &gt; 新闻中心 &gt; 本地新闻</div>
<article><h1>让创新成为最鲜明的特质</h1><div class="info">2024-02-21 09:30 来源：镇江日报</div>{body}</article>
<aside><h3>热门排行</h3><ul><li><a href="/x">一条热门新闻的标题</a></li></ul></aside>
<div class="footer">版权所有 镇江新闻网 苏ICP备12345678号 | 关于我们 | 联系我们</div>
</body></html>"""


def test_trafilatura_keeps_the_article_and_drops_the_portal():
    page = extract(decoded(portal_page()))
    text = "\n".join(page.paragraphs)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "栏目3" not in text and "ICP" not in text and "热门排行" not in text
    assert page.meta.title and "让创新成为最鲜明的特质" in page.meta.title


def test_extraction_does_not_depend_on_the_pages_seen_before():
    # A worker extracts thousands of pages in one process; a paragraph another page also carried
    # (a repost, a quoted statement) must not vanish from the later pages.
    first = extract(decoded(portal_page())).paragraphs
    for _ in range(5):
        assert extract(decoded(portal_page())).paragraphs == first


def test_gbk_portal_page_becomes_one_story_with_its_date():
    result = process(raw(portal_page("gbk").encode("gbk"), key="a.html"))
    assert isinstance(result, list) and len(result) == 1
    (doc,) = result
    assert doc.body.startswith("2月21日，镇江经开区")
    assert doc.published_at.date().isoformat() == "2024-02-21"


def test_a_page_with_no_text_is_rejected_not_indexed():
    result = process(raw("<html><body><div><a href='/'>首页</a></div><img src='x.png'></body></html>",
                         key="empty.html"))
    assert not isinstance(result, list)
    assert "no article text" in result.reason


GOV_PARAGRAPHS = [
    "3月6日上午，泰州市2024年一季度重大项目集中开工活动在医药高新区举行，总投资358亿元的86个重大项目集中开工。",
    "市委书记朱立凡宣布项目开工。市长万闻华在致辞中表示，要以项目建设的加速度推动经济发展的高质量。",
    "据介绍，此次集中开工的项目中，亿元以上项目73个，10亿元以上项目12个，产业项目占比超过八成。",
]


def government_table_page() -> str:
    nav = "".join(f'<td><a href="/l{i}">栏目{i}</a></td>' for i in range(10))
    links = "".join(f'<tr><td><a href="/n{i}">相关新闻标题第{i}条</a></td></tr>' for i in range(15))
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f"<title>泰州召开重大项目集中开工活动</title></head><body>"
            f'<table width="1000"><tr>{nav}</tr></table>'
            f'<table><tr><td class="title">泰州召开重大项目集中开工活动</td></tr>'
            f"<tr><td>发布日期：2024-03-06 来源：市政府办公室</td></tr>"
            f'<tr><td class="content"><font size="3">{"<br><br>".join(GOV_PARAGRAPHS)}</font></td></tr></table>'
            f"<table>{links}</table><table><tr><td>版权所有：泰州市人民政府 苏ICP备05007110号</td></tr></table>"
            f"</body></html>")


def test_a_table_layout_government_page_gives_the_article_without_its_menus():
    result = process(raw(government_table_page().encode("gb18030"), key="gov.htm"))
    assert isinstance(result, list) and len(result) == 1
    (doc,) = result
    assert doc.title == "泰州召开重大项目集中开工活动"
    for paragraph in GOV_PARAGRAPHS:
        assert paragraph in doc.body
    assert "栏目" not in doc.body and "ICP" not in doc.body and doc.kicker is None
    assert doc.publisher == "市政府办公室"
    assert doc.published_at.date().isoformat() == "2024-03-06"


def test_a_list_page_is_rejected_with_that_reason_and_a_line_by_line_blog_is_not():
    from pipelines.records import Rejected
    from pipelines.run import process
    from tests.helpers import raw

    headlines = ["省委常委会召开会议研究部署近期重点工作", "全省高质量发展推进会在南京召开", "我省出台支持民营经济发展若干措施",
                 "苏州工业园区再获国家级荣誉称号", "常州新能源产业集群规模突破万亿", "南通沿江科创带建设取得新进展",
                 "扬州召开优化营商环境大会部署全年工作", "镇江经开区产业强区推进大会召开"]
    items = "".join(f'<li><a href="/n/{i}.html">{h}</a> <span>2024-03-0{i % 9 + 1}</span></li>' for i, h in enumerate(headlines))
    listing = f"<html><head><title>要闻列表</title></head><body><h2>要闻</h2><ul>{items}</ul></body></html>"
    result = process(raw(listing, key="list.html"))
    assert isinstance(result, Rejected) and result.reason.startswith("list page")

    lines = "".join(f"<p>{h.replace('召开', ' 召开')}</p>" for h in headlines)
    blog = f"<html><head><title>游记</title></head><body><article><h1>游记</h1>{lines}</article></body></html>"
    assert not isinstance(process(raw(blog, key="blog.html")), Rejected)
