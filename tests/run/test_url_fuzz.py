"""Start URLs under random and malformed input: a normalised http(s) URL, or `InputError` with one
line naming what is wrong; never another exception. Probes go only to a closed port of 127.0.0.1
and to `.invalid` hosts."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from egov_audit.run.preflight import InputError, normalise_start_url, probe_start_url, request_url

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

SCHEMES = st.sampled_from(
    ["http", "https", "http", "https", "HTTPS", "hTtP", "ftp", "file", "javascript", "data", "", "h t", "1http"]
)
ASCII_LABEL = st.from_regex(r"[a-zA-Z0-9-]{1,12}", fullmatch=True)
LABELS = st.one_of(
    ASCII_LABEL,
    ASCII_LABEL,
    st.text(st.characters(categories=["L", "M", "N"]), min_size=1, max_size=8),  # letters of any script, for IDNA
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=8),
    st.sampled_from(["xn--", "xn--zz", "a" * 64, "", "%zz", "%41", "-", "_", "\u00ad", "\u200b", "\u0130"]),
)
HOSTS = st.one_of(
    st.lists(LABELS, min_size=1, max_size=4).map(".".join),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
    st.sampled_from(["[::1", "::1", "[v1.fe]", "[fe80::1%25eth0]", "[]", "[1.2.3.4]", "e-gov.қаз", "例え.テスト"]),
    st.sampled_from(["x" * 300, "a." * 130 + "b", "127.0.0.1.", ".", "..", "[::1]]", "a@b"]),
)
PORTS = st.one_of(
    st.none(),
    st.none(),
    st.integers(-1, 70000).map(str),
    st.sampled_from(["", "99999999999999999999", "+80", "８０", "٣", "0x50", "80 ", "8\x0080"]),
)
USERINFO = st.one_of(st.none(), st.sampled_from(["user", "user:pw", "u:p:q", ":", "a@b", "%zz", "ü"]))
URL_SAFE = st.from_regex(r"[A-Za-z0-9/._~%!$&'()*+,;=:@?-]{0,20}", fullmatch=True)
PIECES = st.one_of(
    URL_SAFE,
    URL_SAFE,
    st.text(st.characters(categories=["L", "N", "P"]), max_size=12),  # путь, 服务, ...
    st.text(max_size=20),
    st.sampled_from(["%", "%zz", "%00", "%ff%fe", "%%41", "\x00", "\x7f", "\u202e", "a b"]),
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    """URLs built from parts, each part sometimes well-formed and sometimes not."""
    user = draw(USERINFO)
    port = draw(PORTS)
    text = draw(SCHEMES) + draw(st.sampled_from(["://"] * 6 + [":", ":/", ":///", "//", ""]))
    text += (f"{user}@" if user is not None else "") + draw(HOSTS) + (f":{port}" if port is not None else "")
    text += "/" + draw(PIECES)
    if draw(st.booleans()):
        text += "?" + draw(PIECES)
    if draw(st.booleans()):
        text += "#" + draw(PIECES)
    return text


def check_normalised(url: str) -> str | None:
    """Normalise `url`: the result is a clean http(s) URL, or the error is one line about the URL."""
    try:
        result = normalise_start_url(url)
    except InputError as exc:
        message = str(exc)
        assert message.strip() and "\n" not in message and "\r" not in message, message
        return None
    parts = urlsplit(result)
    assert parts.scheme in ("http", "https"), result
    assert parts.hostname and parts.path.startswith("/") and not parts.fragment, result
    assert "@" not in parts.netloc, result  # credentials are never kept
    assert not any(ch.isspace() or not ch.isprintable() for ch in result), result
    assert normalise_start_url(result) == result, result  # normalising twice changes nothing
    assert request_url(result).isascii(), result
    return result


@FUZZ
@given(st.text(max_size=200))
def test_random_text_is_normalised_or_refused(text: str) -> None:
    check_normalised(text)


@FUZZ
@given(urls())
@example("http://[::1]:8080/")
@example("http://[v1.fe]/")
@example("http://127.0.0.1:0/")
@example("http://\udcff/")
@example("http://a\x7fb/")
@example("http://" + "a" * 70 + ".invalid/")
@example("http://" + "x" * 100_000 + "/")
@example("http://127.0.0.1/" + "%zz" * 30_000)
def test_urls_built_from_odd_parts_are_normalised_or_refused(url: str) -> None:
    check_normalised(url)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://[::1]:8080/", "http://[::1]:8080/"),
        ("HTTP://[::FFFF:1.2.3.4]/a", "http://[::ffff:1.2.3.4]/a"),
        ("http://user:secret@127.0.0.1:8200/", "http://127.0.0.1:8200/"),
        ("https://e-gov.қаз/ru/", "https://e-gov.қаз/ru/"),
    ],
)
def test_what_the_fuzzing_found_is_normalised(given: str, expected: str) -> None:
    assert normalise_start_url(given) == expected


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("http://[v1.fe]/", "[v1.fe] is not an IPv6 address"),
        ("http://127.0.0.1:0/", "port 0"),
        ("http://\udcff/", "it contains '\\udcff' (a space, control or invisible character)"),
        ("http://a\x7fb/", "it contains '\\x7f'"),
        ("http://ho\u00adst/", "it contains '\\xad'"),
        ("http://" + "a" * 70 + ".invalid/", "is not a valid host name: label"),
        ("http://a..b/", "'a..b' is not a valid host name: label empty"),
    ],
)
def test_what_the_fuzzing_found_is_refused(bad: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        normalise_start_url(bad)


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A port of 127.0.0.1 that refuses connections: bound (so nobody else takes it), never listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=30), st.text(max_size=30))
@example("путь/к/услуге", "q=ä")
@example("%zz", "%")
def test_a_probe_of_any_path_gives_input_error_not_a_traceback(closed_port: int, path: str, query: str) -> None:
    url = check_normalised(f"http://127.0.0.1:{closed_port}/{path}?{query}")
    if url is not None:
        with pytest.raises(InputError, match="connection refused"):
            probe_start_url(url, "egov-audit-test", 5)


@pytest.mark.parametrize("host", ["nowhere.invalid", "ex\u00e4mple.invalid", "e-gov.қаз.invalid"])
def test_a_probe_of_a_host_that_is_not_there_is_an_input_error(host: str) -> None:
    url = normalise_start_url(f"http://{host}/услуги?q=ä")
    with pytest.raises(InputError):
        probe_start_url(url, "egov-audit-test", 5)
