from pipelines.split import split, take_leading_byline
from tests.helpers import page

BODY = "2月21日，镇江经开区召开高质量发展暨产业强区推进大会，动员全区上下坚定信心、鼓足干劲。"
BODY2 = "会议指出，要提升经济运行质量，抓好实实在在有贡献度的指标，确保主要指标不掉链子。"


def test_a_page_without_headlines_is_one_untitled_story():
    stories = split(page(BODY, BODY2))
    assert len(stories) == 1 and stories[0].title is None and stories[0].paragraphs == (BODY, BODY2)


def test_kicker_title_and_subtitle_of_a_headline_block():
    (story,) = split(page("信长星在会议上强调", "在高质量发展上坚定信心鼓足干劲 共同担当好政治责任", "许昆林主持", BODY))
    assert (story.kicker, story.title, story.subtitle) == (
        "信长星在会议上强调", "在高质量发展上坚定信心鼓足干劲 共同担当好政治责任", "许昆林主持")


def test_each_headline_with_a_byline_starts_a_story():
    stories = split(page("第一篇标题", f"本报讯（辛闻 明明）{BODY}", "党建引领 助力企业发展", f"（姚庆秀）{BODY2}"))
    assert [s.title for s in stories] == ["第一篇标题", "党建引领 助力企业发展"]
    assert [s.authors for s in stories] == [("辛闻", "明明"), ("姚庆秀",)]
    assert stories[0].paragraphs[0] == BODY
    assert [s.index for s in stories] == [0, 1]


def test_section_headings_stay_inside_their_story():
    stories = split(page("各地新春第一会", BODY, "南京：打响发令枪", BODY2, "健康路街道 打造新地标 提升首位度", BODY))
    assert len(stories) == 1
    assert "南京：打响发令枪" in stories[0].paragraphs


def test_byline_lines_under_a_headline_are_authors_not_headlines():
    (story,) = split(page("各街道", "鼓足干劲 推动再上新台阶", "本报记者 林兰", "孙晨飞 栾继业",
                          "本报通讯员 吕文娟 王莹莹", BODY))
    assert story.authors == ("林兰", "孙晨飞", "栾继业", "吕文娟", "王莹莹")
    assert story.title == "鼓足干劲 推动再上新台阶"


def test_leading_bylines():
    assert take_leading_byline("本报讯（辛闻 明明）2月21日，") == (["辛闻", "明明"], "2月21日，")
    assert take_leading_byline("（记者 张三 通讯员 李四）近日，") == (["张三", "李四"], "近日，")
    assert take_leading_byline("（含技工学校）全日制") == ([], "（含技工学校）全日制")


def test_a_unit_name_kicker_puts_the_title_after_it():
    (story,) = split(page("强发展信心 抓强市之要", "——燃旺创新之火", "镇江经开区", "让创新成为最鲜明的特质",
                          f"本报讯（辛闻）{BODY}"))
    assert story.title == "让创新成为最鲜明的特质"
    assert story.kicker.endswith("镇江经开区")


def test_sections_are_kept_as_structure_and_a_heading_about_another_place_is_flagged():
    (story,) = split(page("新春第一会", BODY, "南京：打响发令枪", "南京召开动员会，部署全年工作，推动高质量发展。",
                          "淮安：项目为笔绘新图", "姜堰区召开新春第一会，连续第四年聚焦优化营商环境。"))
    assert story.sections == ("南京：打响发令枪", "淮安：项目为笔绘新图")
    assert "heading_place_mismatch" in story.flags


def test_sections_that_match_their_text_are_not_flagged():
    (story,) = split(page("新春第一会", BODY, "无锡宜兴：激励四敢燃新程", "宜兴市召开经济工作大会，表彰明星企业。"))
    assert "heading_place_mismatch" not in story.flags


def test_one_article_is_never_cut_at_its_intertitles_numbered_headings_or_speaker_labels():
    text = "这是一段足够长的正文，讲述了会议的主要内容和各项部署，要求各地抓好落实。"
    (story,) = split(page("坚持人民至上 办好民生实事", "本报北京10月7日电（记者 张三 李四）" + text,
                          "一、抓住关键环节", text, "“把实事办到心坎上”", text, "记者：", text, "延伸阅读", text))
    assert story.title == "坚持人民至上 办好民生实事"
    assert story.authors == ("张三", "李四")
    assert story.paragraphs[0] == text
    assert "一、抓住关键环节" in story.sections and "延伸阅读" in story.sections


def test_a_newspaper_page_splits_where_stories_open_with_their_own_bylines():
    text = "这是一段足够长的正文，讲述了会议的主要内容和各项部署，要求各地抓好落实。"
    stories = split(page("第一篇报道的标题", "本报讯（王五）" + text, text,
                         "第二篇报道的标题", "（赵六）" + text))
    assert [s.title for s in stories] == ["第一篇报道的标题", "第二篇报道的标题"]
    assert [s.authors for s in stories] == [("王五",), ("赵六",)]


def test_a_closing_byline_is_read_not_deleted():
    text = "这是一段足够长的正文，讲述了会议的主要内容和各项部署，要求各地抓好落实。"
    (story,) = split(page("标题在这里", text, text + "（本报记者 孙七）"))
    assert story.authors == ("孙七",)
    assert story.paragraphs[-1] == text


def test_a_list_page_is_told_from_an_article():
    from pipelines.split import is_list_page

    headlines = ("省委常委会召开会议研究部署近期重点工作", "全省高质量发展推进会在南京召开", "我省出台支持民营经济发展若干措施",
                 "苏州工业园区再获国家级荣誉称号", "常州新能源产业集群规模突破万亿", "南通沿江科创带建设取得新进展",
                 "扬州召开优化营商环境大会部署全年工作")
    assert is_list_page(headlines)
    text = "这是一段足够长的正文，讲述了会议的主要内容和各项部署，要求各地抓好落实。"
    assert not is_list_page((*headlines, text))
    assert not is_list_page(headlines[:3])
