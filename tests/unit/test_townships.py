"""Townships and villages: the table read from jionlp's data, and places below the county resolved
where the story's divisions or an address make them certain (pipelines.townships, pipelines.places,
pipelines.entities)."""
from pipelines.entities import _address_township, find_entities
from pipelines.places import township_place
from pipelines.townships import table, township_opening


def _places(text: str) -> dict[str, dict]:
    return {p.name: p.model_dump() for p in find_entities(text).places}


def test_the_table_holds_townships_under_their_county_and_villages_under_their_township():
    (jiaobei,) = table().townships("角杯乡")
    assert (jiaobei.province, jiaobei.city, jiaobei.county, jiaobei.county_code) == ("山西省", "运城市", "临猗县", "140821")
    assert table().with_village("潘西村", ["140821"]) == [jiaobei]
    assert table().with_village("潘西村", ["320412"]) == []  # not in 武进区
    assert len(table().townships("城关镇")) > 50  # a name many counties share


def test_a_township_named_in_many_counties_resolves_only_inside_the_story_divisions():
    assert township_place("城关镇", ()) is None
    # 湖塘镇 is in 武进区 (常州) and elsewhere; the story's city decides
    place, county_code = township_place("湖塘镇", {"320400"})
    assert (place.level, place.county, place.city, place.province, county_code) == ("township", "武进区", "常州市", "江苏省", "320412")
    assert place.adcode is None and place.location is not None  # the county's point: the table has none below it


def test_a_township_unique_in_the_country_resolves_only_where_the_story_names_no_division():
    assert township_place("角杯乡", ())[0].county == "临猗县"
    # the story names 上海: a namesake elsewhere would be a guess
    assert township_place("角杯乡", {"310000"}) is None


def test_a_village_resolves_only_in_the_divisions_written_before_it_or_a_township_the_story_names():
    assert township_place("潘西村", ()) is None
    place, _ = township_place("潘西村", {"140821"})
    assert (place.level, place.township, place.county) == ("village", "角杯乡", "临猗县")
    assert township_place("潘西村", {"140800"})[0].township == "角杯乡"  # its city, 运城市
    assert township_place("潘西村", (), {("140821", "角杯乡")})[0].township == "角杯乡"
    assert township_place("潘西村", {"140821"}, set()) is None  # written alone: the county is not enough


def test_a_village_written_alone_resolves_in_a_township_the_story_names_and_no_wider():
    village = _places("临猗县角杯乡召开大会。潘西村的村民说，今年收成好。")["潘西村"]
    assert (village["level"], village["township"], village["county"]) == ("village", "角杯乡", "临猗县")
    # 小渔村 is a village of 苍南县 and also a word ("这个小渔村"): a county named is not enough
    assert _places("临猗县召开大会。潘西村的村民说，今年收成好。")["潘西村"]["level"] is None


def test_an_address_resolves_its_township_and_village_inside_the_divisions_written_before_them():
    places = _places("山西省运城市临猗县角杯乡潘西村的村民说，今年收成好。")
    village = places["潘西村"]
    assert (village["level"], village["mention"], village["township"], village["county"], village["city"]) == (
        "village", "临猗县角杯乡潘西村", "角杯乡", "临猗县", "运城市")
    township = _places("东莞企石镇举行活动")["企石镇"]  # a city with townships and no counties, by its short form
    assert (township["level"], township["county"], township["city"]) == ("township", "东莞市", "东莞市")
    # 天平街道 is in 泰安; 徐汇区's is 天平路街道: what is written after 徐汇区 must be in it
    unresolved = _places("上海市徐汇区天平街道")["上海市徐汇区天平街道"]
    assert unresolved["level"] is None and unresolved["county"] is None


def test_an_address_places_a_village_the_table_does_not_list_in_the_township_written_before_it():
    village = _places("恩平市大田镇岑那洋村的村民")["岑那洋村"]  # a natural village, below the table's villages
    assert (village["level"], village["township"], village["county"], village["city"]) == ("village", "大田镇", "恩平市", "江门市")


def test_beijing_area_offices_are_found_by_the_township_name_news_uses():
    township = _places("北京市顺义区后沙峪镇")["后沙峪镇"]  # the table's 后沙峪地区
    assert (township["level"], township["county"]) == ("township", "顺义区")
    # and their villages in an address, under the table's name of the township
    village, _ = _address_township("北京市顺义区后沙峪镇后沙峪村", set(), set())
    assert (village.level, village.name, village.township, village.county) == ("village", "后沙峪村", "后沙峪地区", "顺义区")
    # a township written after another is in neither (湖塘镇 is 常州's, not 角杯乡's)
    assert _address_township("临猗县角杯乡湖塘镇", set(), set()) is None


def test_an_address_of_three_divisions_ends_in_the_last():
    from pipelines.entities import _address_division

    assert _address_division("山西省运城市临猗县").name == "临猗县"
    assert _address_division("江苏省常州市新北区").name == "新北区"
    assert _address_division("山西省常州市新北区") is None  # 常州 is not in 山西


def test_a_long_run_of_township_words_is_no_address_and_is_looked_at_once_per_head():
    # every head ending in 乡 could be a township: without the cache this is 2^29 lookups
    assert _address_township("乡" * 30 + "村", set(), set()) is None


def test_a_longer_name_opens_with_a_township_only_where_the_table_knows_it():
    assert township_opening("健康路街道党工委") == "健康路街道"
    assert township_opening("湖塘镇镇长") == "湖塘镇"
    assert township_opening("城镇党委") is None and township_opening("湖塘镇") is None
