from pipelines.gazetteer import gazetteer
from pipelines.org_names import full_name, story_divisions


def _divisions(*names):
    g = gazetteer()
    return story_divisions([next(d for d in g.lookup(n) if d.name == n).adcode for n in names])


def test_a_level_word_takes_the_place_the_story_is_certainly_about():
    province, city, county = _divisions("江苏省", "南京市", "苏州市")
    assert full_name("省发改委", province, city, county) == ("江苏省发展和改革委员会", "江苏省", None)
    assert full_name("省委宣传部", province, city, county) == ("中共江苏省委员会宣传部", "江苏省", "中共江苏省委员会")
    assert full_name("市委", province, city, county).name == "市委"  # two cities: 市 stays open


def test_a_county_level_city_leaves_shi_open_and_a_district_needs_a_district():
    province, city, county = _divisions("常州市", "溧阳市")
    assert full_name("市委", province, city, county).name == "市委"
    assert full_name("区法院", province, city, county).name == "区法院"
    province, city, county = _divisions("无锡市", "锡山区")
    assert full_name("区法院", province, city, county) == ("锡山区人民法院", "锡山区", None)
    assert full_name("市政协", province, city, county).name == "中国人民政治协商会议无锡市委员会"


def test_names_with_their_place_national_bodies_and_units_inside_bodies():
    assert full_name("常州市委", None, None, None) == ("中共常州市委员会", "常州市", None)
    assert full_name("中共常州市委", None, None, None) == ("中共常州市委员会", "常州市", None)  # written with its party
    assert full_name("中共常州市委宣传部", None, None, None).parent == "中共常州市委员会"
    assert full_name("国务院", None, None, None).name == "中华人民共和国国务院"
    assert full_name("党中央", None, None, None).name == "中国共产党中央委员会"
    assert full_name("市商务局外资处", None, None, None) == ("市商务局外资处", None, "市商务局")
    assert full_name("市委宣传部", None, None, None).parent == "市委"
    assert full_name("南京大学", None, None, None).name == "南京大学"


def test_a_township_body_gets_its_official_name_by_its_own_name_or_the_story_one_township():
    assert full_name("湖塘镇党委", None, None, None) == ("中共湖塘镇委员会", "湖塘镇", None)
    assert full_name("健康路街道党工委", None, None, None) == ("中共健康路街道工作委员会", "健康路街道", None)
    assert full_name("镇政府", None, None, None, "湖塘镇") == ("湖塘镇人民政府", "湖塘镇", None)
    assert full_name("街道办", None, None, None, "健康路街道") == ("健康路街道办事处", "健康路街道", None)
    # the level word must be the township's: a 镇 body is no 乡's; with no township named it stays
    assert full_name("镇党委", None, None, None, "角杯乡").name == "镇党委"
    assert full_name("镇政府", None, None, None).name == "镇政府"
    # words that end like a township but name none (城镇, 各街道) are not townships
    assert full_name("城镇党委", None, None, None).name == "城镇党委"
    assert full_name("各街道党工委", None, None, None).name == "各街道党工委"


def test_a_story_about_one_township_resolves_its_bodies_written_by_level_word():
    from pipelines.entities import find_entities

    bodies = {o.mention: o for o in find_entities("常州市武进区湖塘镇召开会议。镇党委书记说，镇政府将加大投入。").organizations}
    assert (bodies["镇党委"].name, bodies["镇党委"].place, bodies["镇党委"].kind) == ("中共湖塘镇委员会", "湖塘镇", "party")
    assert bodies["镇政府"].name == "湖塘镇人民政府"
