from itertools import accumulate

from pipelines.dedup import Seen, bands, original_of
from pipelines.money import extract_money
from pipelines.organizations import extract_organizations
from pipelines.persons import extract_persons
from pipelines.places import extract_places


def people(text: str) -> dict[str, list[str]]:
    return {p.name: p.titles for p in extract_persons(text)}


def test_posts_before_the_name_with_their_units():
    assert people("市委副书记、市长盛蕾主持会议。") == {"盛蕾": ["市委副书记", "市长"]}
    assert people("常州市工信局局长严德群介绍情况。") == {"严德群": ["常州市工信局局长"]}
    (person,) = extract_persons("常州市委书记陈金虎表示，要加快发展。")
    assert (person.place, person.organization) == ("常州", "常州市委")


def test_a_post_of_a_township_the_table_knows_gives_its_person_that_place():
    (person,) = extract_persons("健康路街道党工委书记王志斌介绍，街道将加快发展。")
    assert (person.place, person.organization) == ("健康路街道", "健康路街道党工委")
    (person,) = extract_persons("城镇党委书记王志斌介绍情况。")  # 城镇 is a word, no township
    assert person.place is None


def test_a_verb_after_the_name_is_not_part_of_it():
    assert people("省委副书记沈莹通报考核结果。") == {"沈莹": ["省委副书记"]}
    assert people("省委书记信长星系统阐述了要求。") == {"信长星": ["省委书记"]}


def test_a_name_that_is_also_a_word_is_a_person_only_after_a_post():
    assert people("姜堰区委书记方针表示，要优化营商环境。") == {"方针": ["姜堰区委书记"]}
    assert people("要坚持正确的发展方针，贯彻中央方针政策。") == {}


def test_lists_posts_after_names_and_phrases_that_are_no_names():
    assert people("区领导章红新、言国强、葛敏、徐悦等出席会议。") == {
        n: ["区领导"] for n in ("章红新", "言国强", "葛敏", "徐悦")}
    assert people("市科技局对外合作处徐光陆处长提出建议。") == {"徐光陆": ["市科技局对外合作处处长"]}
    assert people("牢记习近平总书记殷殷嘱托。") == {"习近平": ["总书记"]}
    assert people("徐州市鼓楼区领导班子带队调研，党员领导干部要带头。") == {}


def test_places_resolve_short_forms_zones_and_ambiguous_names_by_context():
    found = {p.name: p for p in extract_places("徐州市鼓楼区召开会议，溧阳高新区项目开工，锡山茶农忙采茶。")}
    assert found["鼓楼区"].adcode == "320302" and found["鼓楼区"].city == "徐州市"
    assert found["溧阳高新区"].level == "zone" and found["溧阳高新区"].city == "常州市"
    assert found["锡山区"].province == "江苏省" and found["锡山区"].location.lat > 31
    assert found["鼓楼区"].location is not None


def test_a_bare_name_of_a_city_and_its_own_district_is_the_city():
    from pipelines.entities import Mention, find_entities

    text = "淮安：项目为笔绘出新图景。"
    (place,) = find_entities(text, mentions=[Mention("淮安", 0, 2, "place")]).places
    assert (place.name, place.mention, place.adcode, place.level) == ("淮安市", "淮安", "320800", "city")


def test_a_short_form_outside_the_story_province_is_not_a_place():
    names = {p.name for p in extract_places("无锡市锡山区斗山上，太湖翠竹全面开采。")}
    assert "太湖县" not in names and {"无锡市", "锡山区"} <= names


def test_a_county_short_form_that_is_a_word_is_no_place_without_its_province():
    assert extract_places("鸡汤煨长寿笋，味鲜醇厚。带项链一点不伤大雅。打江山者坐江山。") == []
    assert {p.name for p in extract_places("河南商报记者报道，永老爷为远自台南来的客人敬酒。")} == {"河南省", "台南市"}
    # inside a province the story names in full, a county's short form counts (锡山 of 无锡市)
    assert "锡山区" in {p.name for p in extract_places("无锡市召开会议，锡山茶农忙采茶。")}


def test_a_division_written_inside_a_longer_one_is_not_named():
    assert [p.name for p in extract_places("马鞍山市召开会议。")] == ["马鞍山市"]  # not 辽宁's 鞍山市
    assert {p.name for p in extract_places("南京市鼓楼区和鞍山市签约。")} == {"南京市", "鼓楼区", "鞍山市"}


def test_organisations_with_their_kinds():
    found = {o.name: o.kind for o in extract_organizations(
        "会上，比亚迪股份有限公司、河海大学、智能制造龙城实验室、省发改委相关负责人发言。")}
    assert found == {"比亚迪股份有限公司": "company", "河海大学": "university",
                     "智能制造龙城实验室": "research", "省发改委": "government"}


def test_generic_bodies_are_not_organisations():
    assert extract_organizations("市法院、检察院主要负责人，区属国有公司负责人，管委会主任参加会议。") == []


def test_a_company_written_with_common_words_only_is_a_kind_of_company():
    found = {o.name for o in extract_organizations(
        "鼓励物流公司和人工智能公司发展，索普赛瑞公司和大全集团、氯碱集团都在，天合光能股份有限公司也来了。")}
    # a group (大全集团) or a registered name may be common words; a brand the dictionary does not
    # know (索普赛瑞) makes a company (one it knows as a common noun, 网易, is left to the model)
    assert found == {"索普赛瑞公司", "大全集团", "氯碱集团", "天合光能股份有限公司"}


def test_a_verb_before_a_body_is_not_part_of_its_name():
    for text in ("老于的女儿要考大学了。", "消费者要学会自我保护。", "把机器和资料搬进办公室。"):
        assert extract_organizations(text) == [], text
    assert [o.name for o in extract_organizations("要以组建报业集团为契机。")] == ["报业集团"]
    for text, body in (("记者致电国家体育总局篮球运动管理中心询问。", "国家体育总局"), ("一直未见耐克公司的回应。", None),
                       ("公司分两大类：一是政府公司，二是民营公司。", None), ("不会把一分钱投给隧道公司。", None)):
        names = [o.name for o in extract_organizations(text)]
        assert (body in names if body else names == []), (text, names)


def test_a_short_form_counts_only_where_a_word_starts():
    from pipelines.organizations import known_bodies
    from pipelines.segment import cut

    def short_forms(text: str) -> set[str]:
        starts = set(accumulate(map(len, cut(text)), initial=0))
        return {o.name for o in known_bodies(text, starts) if o.kind == "company"}

    assert short_forms("1997年冬季扫黄打非集中行动中，施工行业也查处了一批。") == set()
    assert short_forms("工行、农行、中行、建行四大行，招行最好。") == {"工行", "农行", "中行", "建行", "招行"}


def test_money_values_currencies_and_qualifiers():
    found = {m.text: (m.value, m.currency, m.qualifier) for m in extract_money(
        "总投资超470亿元，实际利用外资150万美元，约合人民币1080万元，两个超万亿元，百亿元以上项目8个，签约亿元以上项目。")}
    assert found["超470亿元"] == (47_000_000_000, "CNY", "超")
    assert found["150万美元"] == (1_500_000, "USD", None)
    assert found["1080万元"] == (10_800_000, "CNY", None)
    assert found["超万亿元"] == (1_000_000_000_000, "CNY", "超")
    assert found["百亿元以上"] == (10_000_000_000, "CNY", "以上")
    assert "约亿元以上" not in found  # 签约 is not 约


def test_near_duplicates_point_to_an_original_and_never_to_a_copy():
    a = Seen("a-0", "a", "0123456789abcdef", None)
    b = Seen("b-0", "b", "0123456789abcdee", "a-0")
    assert original_of("b-0", "b", "0123456789abcdee", [a, b]) == "a-0"
    assert original_of("a-0", "a", "0123456789abcdef", [a, b]) is None  # a replay of the first copy
    assert original_of("c-0", "c", "fedcba9876543210", [a]) is None
    assert len(bands("0123456789abcdef")) == 4


def test_a_university_short_form_the_model_reads_as_two_names_is_one():
    from pipelines.entities import Mention, find_entities

    text = "徐光陆处长对江科大与索普赛瑞的校企联动提出了建议。"
    split = [Mention("江", 6, 7, "organization"), Mention("科大", 7, 9, "organization")]
    found = {o.mention: o.kind for o in find_entities(text, mentions=split).organizations}
    assert found == {"江科大": "university"}
    apart = "对江、科大两地"  # not adjacent: two names
    assert "江科大" not in {o.mention for o in find_entities(apart, mentions=[
        Mention("江", 1, 2, "organization"), Mention("科大", 3, 5, "organization")]).organizations}


def test_an_office_by_its_word_ban_but_not_the_verb_ban():
    found = {o.name: o.kind for o in extract_organizations(
        "高效运作“重大项目推进办”。广州市住房保障办副主任介绍，湖南省金融办就此答复。")}
    assert found == {"重大项目推进办": "government", "广州市住房保障办": "government", "湖南省金融办": "government"}
    # the verb 办 takes an object or an aspect (办业务, 办了) and verbs are no office's field (出钱办的)
    for text in ("到银行网点办业务。", "为群众办自来水。", "今年7月份办的。", "有能出钱办的，其功德大得很。", "我们承办了比赛。"):
        assert extract_organizations(text) == [], text


def test_a_works_by_its_word_chang_with_a_name_before_it():
    found = {o.name: o.kind for o in extract_organizations(
        "黄石单板厂停产了。这是解州铝厂的体会。他历任黑龙江省勃利县农机修造厂厂长。")}
    assert found == {"黄石单板厂": "company", "解州铝厂": "company", "黑龙江省勃利县农机修造厂": "company"}
    # a kind of works (水泥厂), going to one (出厂, 进厂) and the whole of one (全厂) are no works' names
    for text in ("水泥厂不同意。", "上海出厂的产品。", "全厂职工进厂上班。"):
        assert extract_organizations(text) == [], text


def test_a_foreign_name_after_a_foreign_countrys_post_needs_no_surname():
    assert [(p.name, p.titles) for p in extract_persons("法国总理若斯潘在记者招待会上说。")] == [("若斯潘", ["法国总理"])]
    assert [p.name for p in extract_persons("克林顿总统对俄罗斯总理基里延科及其班子充满信心。")] == ["基里延科"]
    # a Chinese post takes a Chinese name only: what follows it without a surname is no name
    assert extract_persons("市长萨马兰奇式的讲话") == []
    # the name ends where a word does (克林顿 + 多次), and a country before a post is no name
    assert [p.name for p in extract_persons("美国总统克林顿多次表示关切。")] == ["克林顿"]
    assert [p.name for p in extract_persons("印度前总理拉·甘地1988年访华。")] == []


def test_a_title_starts_after_the_clause_that_opens_it_but_keeps_its_units_words():
    found = {p.name: p.titles for p in extract_persons("马克龙星期一在莫斯科与俄罗斯总统普京会谈。欧盟理事会主席米歇尔和美国总统拜登通话。")}
    assert found == {"普京": ["俄罗斯总统"], "米歇尔": ["欧盟理事会主席"], "拜登": ["美国总统"]}
    found = {p.name: p.titles for p in extract_persons("国家发展和改革委员会主任何立峰说，住房和城乡建设部副部长黄艳说。")}
    assert found == {"何立峰": ["国家发展和改革委员会主任"], "黄艳": ["住房和城乡建设部副部长"]}


def test_posts_joined_by_commas_are_read_back_a_bounded_way():
    from pipelines.persons import _titles_before

    assert _titles_before("市委副书记、市长", 8) == ["市委副书记", "市长"]
    listed = "、".join(["市长"] * 3000)  # junk: every post would read the whole list back
    assert _titles_before(listed, len(listed)) == ["市长"] * 8  # one person holds no more posts in a row
