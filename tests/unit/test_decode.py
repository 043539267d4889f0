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


def test_a_crawl_envelope_gives_url_title_and_encoding_and_never_reaches_the_text():
    html = "<html><head><title>标题</title></head><body><p>江苏省召开全省工作会议。</p></body></html>"
    data = '<text id="http://example.cn/a.html" title="'.encode() + "会议召开".encode("gbk") + \
        b'" encoding="gb2312">\n' + html.encode("gbk")
    result = decoded(data, key="a.html")
    assert result.envelope_url == "http://example.cn/a.html"
    assert result.envelope_title == "会议召开"
    assert result.encoding == "gb18030"
    assert result.text.startswith("<html>") and "<text" not in result.text


def test_a_warc_record_is_opened_with_its_http_charset():
    body = "<html><body><p>南京市召开动员大会，部署全年工作。</p></body></html>".encode("gbk")
    data = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.cn/b.html\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=GBK\r\n\r\n" + body)
    result = decoded(data, key="b.warc")
    assert result.envelope_url == "http://example.cn/b.html"
    assert "南京市召开动员大会" in result.text and "WARC" not in result.text


def test_a_page_with_one_bad_byte_is_repaired_and_flagged_not_rejected():
    text = "<html><head><meta charset=gb2312></head><body><p>" + "常州市召开万亿之城再出发动员大会。" * 30 + "</p></body></html>"
    data = text.encode("gb2312")
    broken = data[:200] + b"\xff" + data[201:]  # one byte of a character damaged
    result = decoded(broken, key="c.html")
    assert "encoding_repaired" in result.flags
    assert result.text.count("常州市召开万亿之城再出发动员大会") >= 29
