from pipelines.clean import clean
from tests.helpers import page

PROSE = "3月29日，区委、区政府召开2023年度高质量发展总结暨2024年工作推进会议，部署全年重点工作任务。"
PROSE2 = "会议强调，要坚定信心、鼓足干劲，以扎扎实实的作风推动各项工作落地见效，确保一季度开好局。"


def test_breadcrumbs_of_other_portals_are_removed_and_name_the_site():
    cleaned = clean(page("人民网 > 地方频道 > 江苏 > 正文", "标题在这里", PROSE, PROSE2))
    assert cleaned.paragraphs == ("标题在这里", PROSE, PROSE2)
    assert cleaned.meta.site_name == "人民网"


def test_counters_share_buttons_and_legal_lines_are_removed():
    lines = ["12", "1.2万", "分享到", "收藏", PROSE, PROSE2,
             "Copyright © 2024 南京日报社 All Rights Reserved", "京ICP证030173号", "苏公网安备 32010202010123号"]
    assert clean(page(*lines)).paragraphs == (PROSE, PROSE2)


def test_site_name_is_taken_from_a_copyright_line():
    assert clean(page(PROSE, "扬子晚报网 版权所有 未经授权禁止转载")).meta.site_name == "扬子晚报网"


def test_platform_disclaimer_ends_the_article():
    lines = [PROSE, PROSE2, "免责声明：本文来自澎湃号作者，不代表平台观点。", "某某说事", "关注我们，获取更多资讯。"]
    cleaned = clean(page(*lines))
    assert cleaned.paragraphs == (PROSE, PROSE2)
    assert "platform_notice_removed" in cleaned.flags


def test_dateline_gives_publisher_and_time_and_leaves_the_body():
    cleaned = clean(page("标题", "扬子晚报 2024-02-05 08:30 来源：交汇点", PROSE))
    assert cleaned.paragraphs == ("标题", PROSE)
    assert cleaned.meta.publisher == "交汇点"
    assert cleaned.meta.published_at.isoformat() == "2024-02-05T08:30:00+08:00"


def test_source_attribution_becomes_the_publisher():
    cleaned = clean(page(PROSE, "（来源：常州日报）"))
    assert cleaned.paragraphs == (PROSE,)
    assert cleaned.meta.publisher == "常州日报"


def test_navigation_lists_at_the_edges_are_removed():
    lines = ["新闻 政务 经济 文化 社会", "标题", PROSE, PROSE2, "热点推荐", "要闻 视频 图片 专题 直播"]
    assert clean(page(*lines)).paragraphs == ("标题", PROSE, PROSE2)


def test_short_real_paragraphs_and_name_lists_inside_the_article_stay():
    lines = [PROSE, "会议由区长主持。", "张宁 费翔 周欣玥 徐家欢", "“坚定信心、鼓足干劲”", PROSE2]
    assert clean(page(*lines)).paragraphs == tuple(lines)


def test_a_sentence_mentioning_copyright_is_prose_not_chrome():
    sentence = "该市今年受理版权所有权登记申请三千余件，同比增长百分之二十，著作权保护工作成效明显。"
    assert clean(page(PROSE, sentence)).paragraphs == (PROSE, sentence)
