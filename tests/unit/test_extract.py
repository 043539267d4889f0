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
