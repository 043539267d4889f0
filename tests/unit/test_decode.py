from pipelines.decode import decode
from pipelines.records import InputKind, Rejected
from tests.helpers import decoded, raw

ARTICLE = "省委书记信长星出席会议并讲话。他强调，要牢记嘱托、感恩奋进，推动高质量发展走在前列。" * 3


def test_gbk_page_without_declaration_is_read_as_chinese():
    result = decoded(ARTICLE.encode("gbk"))
    assert result.text == ARTICLE
    assert result.encoding == "gb18030"


def test_declared_gb2312_uses_the_gb18030_superset():
    # 镕 is outside GB2312 but in GBK/GB18030: pages labelled gb2312 use such characters all the time.
    text = "朱镕基同志" + ARTICLE
    html = f'<html><head><meta charset="gb2312"></head><body><p>{text}</p></body></html>'
    result = decoded(html.encode("gb18030"))
    assert text in result.text


def test_wrong_header_charset_falls_back_to_the_bytes():
    result = decoded(ARTICLE.encode("gb18030"), content_type="text/html; charset=utf-8")
    assert result.text == ARTICLE


def test_big5_page_is_read():
    text = "臺北市政府今日舉行記者會，說明新年度的交通建設計畫與預算安排，市民反應熱烈。" * 3
    assert decoded(text.encode("big5")).text == text


def test_utf8_bom_is_dropped():
    assert decoded(b"\xef\xbb\xbf" + ARTICLE.encode()).text == ARTICLE


def test_empty_and_blank_inputs_are_rejected_with_a_reason():
    for data in (b"", b"   \n\t  "):
        result = decode(raw(data))
        assert isinstance(result, Rejected) and result.reason == "empty input"


def test_binary_junk_is_rejected_with_a_reason():
    result = decode(raw(bytes(range(256)) * 40, key="image.png"))
    assert isinstance(result, Rejected)
    assert "binary" in result.reason


def test_html_is_recognised_by_content_and_by_name():
    assert decoded("<!DOCTYPE html><html><body>你好</body></html>").kind is InputKind.HTML
    assert decoded("<p>你好</p>", key="a/b.shtml").kind is InputKind.HTML
    assert decoded("你好，世界。").kind is InputKind.TEXT
