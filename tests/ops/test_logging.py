"""LOG_FORMAT=json writes one parseable JSON object per line."""

import io
import json
import logging

from django.test import RequestFactory

from colophon.logging import JsonFormatter


def _log_line(emit) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("colophon.tests.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue()


def test_a_log_record_is_one_json_line_with_time_level_logger_and_message():
    output = _log_line(lambda logger: logger.warning("Rendered %s pages", 3))
    assert output.count("\n") == 1
    entry = json.loads(output)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "colophon.tests.json"
    assert entry["message"] == "Rendered 3 pages"
    assert entry["time"].endswith("+00:00")


def test_a_request_log_carries_the_method_path_and_status():
    request = RequestFactory().post("/en/accounts/login/")
    output = _log_line(
        lambda logger: logger.error("Server error", extra={"request": request, "status_code": 500})
    )
    entry = json.loads(output)
    assert (entry["method"], entry["path"], entry["status_code"]) == (
        "POST",
        "/en/accounts/login/",
        500,
    )


def test_an_exception_stays_on_the_same_line_as_a_string():
    def emit(logger):
        try:
            raise ValueError("bad\nvalue")
        except ValueError:
            logger.exception("Failed")

    output = _log_line(emit)
    assert output.count("\n") == 1
    entry = json.loads(output)
    assert "Traceback" in entry["exception"]
    assert "ValueError: bad" in entry["exception"]


def test_the_console_handler_uses_the_format_named_by_log_format(settings):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == settings.LOG_FORMAT
    assert settings.LOGGING["formatters"]["json"]["()"] == "colophon.logging.JsonFormatter"
