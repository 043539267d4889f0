from pipelines.spam import find_adverts, remove_spam, restore_name
from tests.helpers import page

REPORT = "会议强调，要坚定信心、鼓足干劲，以扎扎实实的作风推动各项工作落地见效，确保一季度开好局。"


def test_adverts_of_many_kinds_are_found():
    for advert in ("澳门新葡京官网注册", "皇冠体育app下载", "时时彩平台", "彩票app官方下载", "中国福彩app官方下载",
                   "无抵押贷款加微信", "注册送38元彩金", "百家乐app下载"):
        assert find_adverts(f"市民纷纷{advert}参与") != [], advert


def test_crime_news_about_gambling_keeps_its_words():
    for text in ("被告人以开设赌场罪被判处有期徒刑三年", "警方捣毁一个网络赌场，查获百家乐赌台两张",
                 "他在境外博彩网站输掉积蓄"):
        assert find_adverts(text) == [], text
        assert remove_spam(page(text + "。")).paragraphs == (text + "。",)


def test_ordinary_news_about_lotteries_and_loans_is_not_spam():
    for text in ("省福彩中心将公益金用于养老服务", "今年发放创业担保贷款1.2亿元", "体彩公益金支持全民健身",
                 "彩票销售额同比增长", "银行向小微企业发放贷款"):
        assert find_adverts(text) == [], text


def test_an_advert_paragraph_is_dropped_and_flagged():
    cleaned = remove_spam(page(REPORT, "澳门葡京娱乐官网注册送38元彩金，加微信领取", REPORT))
    assert cleaned.paragraphs == (REPORT, REPORT)
    assert "spam_removed" in cleaned.flags
    assert cleaned.spam_removed == ("澳门葡京娱乐官网注册送38元彩金，加微信领取",)


def test_an_advert_inside_a_sentence_is_cut_out():
    cleaned = remove_spam(page("会议要求，皇冠体育app下载各部门抓好落实，确保各项任务按期完成。"))
    assert cleaned.paragraphs == ("会议要求，各部门抓好落实，确保各项任务按期完成。",)
    assert cleaned.spam_removed == ("皇冠体育app下载",)


def test_an_advert_standing_for_a_city_is_replaced_by_the_city_the_text_proves():
    text = ["2月18日，彩票app官方下载市召开动员大会。", "会上，溧阳市、金坛区相关负责人作交流发言。",
            "驻常中央、省直属单位主要负责人参加会议，为彩票app官方下载发展献策。"]
    cleaned = remove_spam(page(*text))
    assert cleaned.paragraphs[0] == "2月18日，常州市召开动员大会。"
    assert cleaned.paragraphs[2].endswith("为常州发展献策。")
    assert {"spam_removed", "spam_name_restored"} <= cleaned.flags


def test_without_strong_evidence_a_neutral_placeholder_stands_in():
    cleaned = remove_spam(page("彩票app官方下载市召开动员大会，部署全年重点工作。"))
    assert cleaned.paragraphs == ("某市召开动员大会，部署全年重点工作。",)
    assert "spam_name_unresolved" in cleaned.flags


def test_evidence_from_two_cities_settles_nothing():
    assert restore_name("溧阳市和宜兴市签署合作协议，驻锡单位参加。") is None
    assert restore_name("溧阳市、金坛区、武进区负责人参加") == "常州"
