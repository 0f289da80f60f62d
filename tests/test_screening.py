"""Responses are checked before anything archives or parses them."""

from __future__ import annotations

import pytest

from extractors.http.response import FetchError, Response
from extractors.http.screening import check_response

URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>Access Denied</title></head><body>You don't have permission</body></html>",
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>",
        b"<html><head><title>Human verification: CAPTCHA</title></head></html>",
        b'<html><head><title>Check</title></head><body><div class="g-recaptcha"></div></body></html>',
    ],
)
def test_block_and_challenge_pages_served_with_200_are_blocked_errors(body):
    with pytest.raises(FetchError) as caught:
        check_response(Response(URL, 200, HTML, body), ("text/html",))
    assert caught.value.blocked and caught.value.url == URL
    assert "blocked: HTTP 200" in caught.value.reason


def test_a_403_from_bls_says_to_set_the_contact():
    with pytest.raises(FetchError) as caught:
        check_response(Response(URL, 403, HTML, b"<html><body>Forbidden</body></html>"))
    assert caught.value.blocked
    assert "HTTP 403" in caught.value.reason and "set LABORSTATS_CONTACT" in caught.value.reason


def test_other_error_statuses_and_empty_bodies_are_errors_not_blocks():
    with pytest.raises(FetchError) as caught:
        check_response(Response(URL, 404, HTML, b"<html><title>Not Found</title></html>"))
    assert not caught.value.blocked and caught.value.reason == "HTTP 404"
    with pytest.raises(FetchError, match="empty body"):
        check_response(Response(URL, 200, HTML, b""))


def test_content_type_must_be_what_the_source_serves():
    pdf = Response(URL, 200, {"Content-Type": "application/pdf"}, b"%PDF-1.7")
    with pytest.raises(FetchError) as caught:
        check_response(pdf, ("text/html",), "bls-ooh")
    assert "'application/pdf' is not what bls-ooh serves (text/html)" in caught.value.reason
    page = Response(URL, 200, HTML, b"<html><title>Medical Assistants</title></html>")
    assert check_response(page, ("text/html",), "bls-ooh") is page


def test_a_real_handbook_page_is_not_mistaken_for_a_block_page():
    from ooh_pages import medical_assistants_2025, render

    page = Response(URL, 200, HTML, render(medical_assistants_2025()).encode())
    assert check_response(page, ("text/html",)) is page
