import pytest

from pipelines.repair import join_broken_lines, normalize_punctuation, remove_continuations, repair
from tests.helpers import page

LONG_BROKEN = "回顾这一年工作，“在推进中国式现代化中走在前、做示范”成为江苏一切工作的奋斗目标、方向指引，扎扎实实、踏踏实实成为江苏干"


def test_line_broken_inside_a_word_is_joined():
    joined, repaired = join_broken_lines([LONG_BROKEN, "部群众的鲜明特质、优良作风。"])
    assert joined == [LONG_BROKEN + "部群众的鲜明特质、优良作风。"] and repaired


def test_headline_followed_by_body_is_not_joined():
    headline = "在高质量发展上坚定信心鼓足干劲 共同担当好“勇挑大梁”的政治责任"
    joined, repaired = join_broken_lines([headline, "许昆林主持 沈莹通报综合考核结果"])
    assert len(joined) == 2 and not repaired


def test_finished_sentence_is_not_joined_to_the_next_paragraph():
    first = "会议强调，要坚定信心、鼓足干劲，以扎扎实实的作风推动各项工作落地见效。"
    assert join_broken_lines([first, "第二段从这里开始。"])[0] == [first, "第二段从这里开始。"]


@pytest.mark.parametrize("marker", ["(下转第2版)", "（上接第1版）", "(转第 A3 版)".replace(" A3 ", "3"), "（下转第十二版）"])
def test_continuation_markers_are_removed(marker):
    assert remove_continuations(f"一批知名高校院所、{marker}一批金融创投机构") == "一批知名高校院所、一批金融创投机构"


@pytest.mark.parametrize("text, expected", [
    ("2月18日,龙年首个工作日", "2月18日，龙年首个工作日"),
    ("南京:打响发令枪", "南京：打响发令枪"),
    ("“新春第一会”,擂响战鼓", "“新春第一会”，擂响战鼓"),
    ("真的吗?是的!", "真的吗？是的！"),
    ("(贡雨家) 3月25日", "（贡雨家） 3月25日"),
    ("县(市、区)", "县（市、区）"),
])
def test_half_width_punctuation_in_chinese_becomes_full_width(text, expected):
    assert normalize_punctuation(text) == expected


@pytest.mark.parametrize("text", [
    "占比达36.7%", "把握C919量产机遇", "新华日报 2023-01-29 10:22", "访问www.example.com了解",
    "https://news.example.com/a?b=1", "共1,000人", "比分3:1", "(C919)", "Notice: The content above",
])
def test_numbers_latin_urls_and_times_are_untouched(text):
    assert normalize_punctuation(text) == text


def test_repair_flags_what_it_did():
    repaired = repair(page(LONG_BROKEN, "部群众的鲜明特质(下转第2版)。"))
    assert repaired.paragraphs == (LONG_BROKEN + "部群众的鲜明特质。",)
    assert "layout_repaired" in repaired.flags
