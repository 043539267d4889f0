import pytest

from pipelines.bylines import read_byline, read_closing_byline


@pytest.mark.parametrize("line, authors, editors", [
    ("记者 尹娟", ["尹娟"], []),
    ("作者：罗银胜", ["罗银胜"], []),
    ("文/刘林源", ["刘林源"], []),
    ("光明日报记者 王建宏 张文攀", ["王建宏", "张文攀"], []),
    ("本报实习生 刘国栋 周炜", ["刘国栋", "周炜"], []),
    ("蔡雪婧/摄", ["蔡雪婧"], []),
    ("（ 责任编辑：魏喆 ）", [], ["魏喆"]),
    ("来源：巴彦淖尔日报 编辑：苏亮", [], ["苏亮"]),
    ("作者：芊草凡凡 时间：2005-08-22 19:13:18", ["芊草凡凡"], []),
    ("由海姑娘张贴 @ 2005-03-21 01:20:44 (359) 共 3 篇评论 发表评论 >>>", ["海姑娘"], []),
])
def test_bylines_name_writers_and_editors_apart(line, authors, editors):
    found = read_byline(line)
    assert found and found.authors == authors and found.editors == editors


@pytest.mark.parametrize("line, day, publisher", [
    ("2005-04-05 06:40更新 来源：转载文章", "2005-04-05T06:40:00+08:00", "转载文章"),
    ("发布时间：2005-8-12 16:12:21", "2005-08-12T16:12:21+08:00", None),
    ("人民日报 2019年10月08日 第04版", "2019-10-08T00:00:00+08:00", "人民日报"),
    ("新华日报 2023-01-29 10:22", "2023-01-29T10:22:00+08:00", "新华日报"),
])
def test_datelines_give_the_printed_date_and_outlet(line, day, publisher):
    found = read_byline(line)
    assert found.published_at.isoformat() == day
    assert found.publisher == publisher


@pytest.mark.parametrize("line", ["记者了解到", "文化强国", "相关报道", "阅读全文(736)",
                                  "许昆林主持 沈莹通报综合考核结果", "我市7名中职学子 获国家奖学金",
                                  "作者： size=\"20\" 来源： size=\"20\""])
def test_sentences_headlines_and_page_tools_are_not_bylines(line):
    assert not read_byline(line)


def test_names_alone_in_brackets_close_an_article():
    assert read_closing_byline("（袁源）").authors == ["袁源"]
    assert read_byline("（袁源）") is None
