from datetime import datetime, timezone

from pipelines.dates import context_year, infer_published_at, mentioned_dates


def test_the_latest_year_written_is_the_year_of_writing():
    assert context_year("全省2023年度高质量发展总结暨2024年工作推进会议") == (2024, "context_year")


def test_a_year_under_annual_review_means_the_year_after():
    assert context_year("召开2023年度总结表彰大会，表彰2023年度先进集体") == (2024, "annual_review")


def test_target_years_are_not_the_year_of_writing():
    assert context_year("2022年实现增长，力争到2025年翻番，到2030年建成示范城市")[0] == 2022


def test_zodiac_year_settles_the_year():
    assert context_year("龙年首个工作日，回顾2023年") == (2024, "zodiac")
    assert context_year("兔年新春，2023年开局") == (2023, "zodiac")


def test_month_day_takes_the_inferred_year():
    when, how = infer_published_at("3月25日，召开会议。", "2024年工作推进会议 3月25日", None)
    assert when.isoformat() == "2024-03-25T00:00:00+08:00" and how == "text_month_day+context_year"


def test_full_date_in_the_text_wins():
    when, how = infer_published_at("2024年2月5日，召开会议。", "", None)
    assert when.date().isoformat() == "2024-02-05" and how == "text_full_date"


def test_file_date_is_the_last_resort():
    mtime = datetime(2024, 6, 1, 2, 0, tzinfo=timezone.utc)
    when, how = infer_published_at("近日召开会议。", "近日召开会议。", mtime)
    assert how == "file_mtime" and when.isoformat() == "2024-06-01T10:00:00+08:00"
    when, how = infer_published_at("6月3日召开会议。", "6月3日召开会议。", mtime)
    assert (when.date().isoformat(), how) == ("2024-06-03", "text_month_day+file_year")


def test_no_date_at_all():
    assert infer_published_at("近日召开会议。", "近日召开会议。", None) == (None, None)


def test_mentioned_dates_are_normalised_and_unique():
    published = datetime(2023, 1, 29, tzinfo=timezone.utc)
    assert mentioned_dates("2023年1月3日发布，1月4日、1月4日调研", published) == ["2023-01-03", "2023-01-04"]
    assert mentioned_dates("2月30日", published) == []


def test_a_bare_day_is_the_latest_such_day_before_publication():
    published = datetime(2024, 3, 2, tzinfo=timezone.utc)
    assert mentioned_dates("28日上午，召开会议", published) == ["2024-02-28"]
    assert mentioned_dates("1日，召开会议；不是第3日程", published) == ["2024-03-01"]


def test_derived_titles_skip_the_time_clauses_of_a_lead():
    from pipelines.enrich import derive_title

    assert derive_title("2月18日，龙年首个工作日，常州市召开万亿之城再出发动员大会，以习近平……") == "常州市召开万亿之城再出发动员大会"
    assert derive_title("近日，溧阳中专再获突破。") == "溧阳中专再获突破"
