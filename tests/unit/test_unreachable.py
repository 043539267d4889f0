"""Messages for services that do not answer: which one, where, and never its password."""
import redis.exceptions

from newsflow.settings import Settings
from newsflow.unreachable import describe, redacted


def test_a_password_never_reaches_the_message():
    assert redacted("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert redacted("https://elastic:s3cret@es.example:9200") == "https://elastic:***@es.example:9200"
    assert redacted("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_the_service_is_found_anywhere_in_the_chain_of_causes():
    settings = Settings(redis_url="redis://:s3cret@127.0.0.1:6390/0")
    try:
        try:
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6390.")
        except redis.exceptions.ConnectionError as cause:
            raise RuntimeError("Retry limit exceeded while trying to reconnect") from cause
    except RuntimeError as error:
        message = describe(error, settings)
    assert message.startswith("Redis at redis://:***@127.0.0.1:6390/0 does not answer (Error 111")
    assert describe(ValueError("something else"), settings) is None
