from itertools import accumulate

from pipelines.addresses import street_addresses
from pipelines.entities import find_entities
from pipelines.segment import cut, place_tags


def _addresses(text: str, places=()) -> list[str]:
    words = cut(text)
    word_at = dict(zip(accumulate(map(len, words), initial=0), words))
    return [text[start:end] for start, end in street_addresses(text, word_at, place_tags(), set(places))]


def test_a_road_with_a_house_number_is_an_address_with_the_places_before_it_and_its_floor():
    assert _addresses("收件地址湖南省衡阳市雁峰区黄茶岭街道黄路179号，请寄到。", {"湖南省", "衡阳市", "雁峰区"}) == \
        ["湖南省衡阳市雁峰区黄茶岭街道黄路179号"]
    assert _addresses("地址：深圳市福田区南园路70号上田大厦二楼。", {"深圳市福田区"}) == ["深圳市福田区南园路70号上田大厦二楼"]
    assert _addresses("比赛地点为中原路103号，家长彻夜等在文汇路716号。") == ["中原路103号", "文汇路716号"]


def test_a_number_after_no_road_is_no_address():
    assert _addresses("5月3号那天，他住在3号楼，坐上8号线。") == []
    # ways and channels end as roads do (跑道, 频道, 轨道), a metro line is a 号线, 街道 a subdistrict
    assert _addresses("跑道3号被关闭，频道8号停播，城市轨道3号线开通，街道3号文件下发。") == []


def test_an_address_is_one_place_located_at_its_division_which_is_indexed_beside_it():
    entities = find_entities("请到上海市虹口区甜爱支路23号2楼领取。")
    places = {p.mention: p for p in entities.places}
    address = places["上海市虹口区甜爱支路23号2楼"]
    assert address.level == "address" and address.county == "虹口区" and address.location is not None
    # the divisions written inside it are where it lies, not places the text names apart
    assert list(places) == ["上海市虹口区甜爱支路23号2楼"]
    indexed = {p.name: p for p in entities.indexed_places()}
    assert indexed["虹口区"].mention is None and indexed["虹口区"].adcode == address.adcode
    assert indexed["上海市"].mention is None
