"""The presigned source download: schemes, addresses, redirects, size, time, and secrecy.

A small HTTP server on 127.0.0.1 plays the file store; loopback `http` is allowed only
through RUN_INSPECTOR_TEST_LOOPBACK_DOWNLOADS. Timing tests use limits well under a second.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from run_inspector.source.download import (
    LOOPBACK_DOWNLOADS_ENV,
    MAX_REDIRECTS,
    DownloadTimeoutError,
    PinnedTransport,
    RefusedUrlError,
    SourceConnectionError,
    SourceDownloadError,
    SourceHttpError,
    SourceTooLargeError,
    TooManyRedirectsError,
    address_problem,
    check_host,
    download_source,
)

FILE = b"%PDF-1.7\n" + bytes(range(256)) * 8
SECRET = "X-Amz-Signature=s3cr3t-token-0123456789"
FAKE_NAME = "files.example.test"


# --- The local file store -----------------------------------------------------------------


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class FileStore:
    base: str
    port: int
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}?{SECRET}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    store: FileStore

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.store.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
        parts = urlsplit(self.path)
        route = parts.path.strip("/").split("/")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self._route(route, parse_qs(parts.query))

    def _route(self, route: list[str], query: dict[str, list[str]]) -> None:
        name = route[0]
        if name == "file":
            self._send(200, FILE, [("Set-Cookie", "session=from-file-store; Path=/")])
        elif name == "hop":  # /hop/<n>: n redirects, then the file; odd ones absolute
            left = int(route[1])
            if left % 2 == 0:
                target = str(left - 1)  # relative: /hop/<n> -> /hop/<n-1>
            else:
                target = f"{self.store.base}{'/file' if left == 1 else f'/hop/{left - 1}'}"
            self._redirect(target)
        elif name == "redirect":  # /redirect?to=<target>
            self._redirect(query["to"][0])
        elif name == "no-location":
            self._send(302, b"")
        elif name == "status":
            self._send(int(route[1]), b"no")
        elif name == "sized":  # declares and sends <n> bytes
            self._send(200, b"x" * int(route[1]))
        elif name == "chunked":  # <n> bytes, no length
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(int(route[1]) // 256):
                self.wfile.write(b"100\r\n" + b"y" * 256 + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        elif name == "gzip":  # 64 KB of zeros, sent compressed
            self._send(200, gzip.compress(b"\0" * 65536), [("Content-Encoding", "gzip")])
        elif name == "drip":  # one byte every 50 ms
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                if self.store.release.wait(0.05):
                    return
                self.wfile.write(b"d")
                self.wfile.flush()
        elif name == "drip-headers":  # a header that never ends, one byte every 50 ms
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            for _ in range(1000):
                if self.store.release.wait(0.05):
                    return
                self.wfile.write(b"z")
                self.wfile.flush()
        elif name == "short":  # declares 1000 bytes, sends 10, hangs up
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"s" * 10)
            self.close_connection = True
        elif name == "stall":  # headers, then nothing
            self.send_response(200)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.flush()
            self.store.release.wait(10)
        else:
            self._send(404, b"")

    def _redirect(self, target: str) -> None:
        self._send(302, b"", [("Location", target), ("Set-Cookie", "hop=1; Path=/")])

    def _send(self, status: int, body: bytes, headers: Sequence[tuple[str, str]] = ()) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(tls: ssl.SSLContext | None = None) -> tuple[FileStore, Callable[[], None]]:
    class Handler(_Handler):
        pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_port
    store = FileStore(f"{'https' if tls else 'http'}://127.0.0.1:{port}", port)
    Handler.store = store
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()

    def stop() -> None:
        store.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return store, stop


@pytest.fixture(scope="module")
def running_store() -> Iterator[FileStore]:
    store, stop = _serve()
    yield store
    stop()


@pytest.fixture
def store(running_store: FileStore) -> FileStore:
    running_store.seen.clear()
    return running_store


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_DOWNLOADS_ENV, "1")


@pytest.fixture
def no_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LOOPBACK_DOWNLOADS_ENV, raising=False)


class Resolver:
    """An injected `resolve`: answers from a table, and remembers what it was asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        return self.table[host]


def _no_resolve(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should not have been resolved")


def _assert_no_credentials(seen: list[Seen]) -> None:
    assert seen
    for request in seen:
        assert "authorization" not in request.headers
        assert "cookie" not in request.headers


def _redirect_to(store: FileStore, target: str) -> str:
    return store.url(f"/redirect?to={quote(target, safe='')}&")


# --- Downloads that work ------------------------------------------------------------------


def test_downloads_the_file_reporting_progress(store: FileStore, loopback: None) -> None:
    progress: list[tuple[int, int | None]] = []
    data = download_source(
        store.url("/file"), on_progress=lambda got, total: progress.append((got, total))
    )
    assert data == FILE
    assert progress[0] == (0, len(FILE))
    assert progress[-1] == (len(FILE), len(FILE))
    assert [got for got, _ in progress] == sorted(got for got, _ in progress)
    _assert_no_credentials(store.seen)
    assert store.seen[0].headers["accept-encoding"] == "identity"


@pytest.mark.parametrize("redirects", [1, MAX_REDIRECTS])
def test_follows_up_to_three_redirects_without_passing_on_cookies(
    store: FileStore, loopback: None, redirects: int
) -> None:
    assert download_source(store.url(f"/hop/{redirects}")) == FILE
    paths = [urlsplit(request.path).path for request in store.seen]
    assert len(paths) == redirects + 1
    assert paths[-1] == "/file"
    # Every redirect answered with Set-Cookie; no later request carried it.
    _assert_no_credentials(store.seen)


def test_a_fourth_redirect_is_refused(store: FileStore, loopback: None) -> None:
    with pytest.raises(TooManyRedirectsError) as caught:
        download_source(store.url(f"/hop/{MAX_REDIRECTS + 1}"))
    assert str(caught.value) == (
        "The file server at 127.0.0.1 redirected more than 3 times, so the download was stopped."
    )
    assert len(store.seen) == MAX_REDIRECTS + 1
    assert all(urlsplit(request.path).path != "/file" for request in store.seen)


def test_a_cookie_from_the_first_answer_is_not_sent_on(store: FileStore, loopback: None) -> None:
    assert download_source(_redirect_to(store, "/file")) == FILE
    assert len(store.seen) == 2
    _assert_no_credentials(store.seen)


def test_the_exact_limit_is_allowed(store: FileStore, loopback: None) -> None:
    assert download_source(store.url("/sized/1000"), max_bytes=1000) == b"x" * 1000


# --- Scheme and URL rules -----------------------------------------------------------------


def test_loopback_http_needs_the_switch(store: FileStore, no_loopback: None) -> None:
    with pytest.raises(RefusedUrlError) as caught:
        download_source(store.url("/file"))
    assert caught.value.reason == "scheme"
    assert str(caught.value) == (
        "The source link was refused: only https links are downloaded,"
        " and this one uses plain http."
    )
    assert store.seen == []


@pytest.mark.parametrize("value", ["0", "true", "yes", ""])
def test_only_1_turns_the_switch_on(
    store: FileStore, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(LOOPBACK_DOWNLOADS_ENV, value)
    with pytest.raises(RefusedUrlError):
        download_source(store.url("/file"))
    assert store.seen == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://files.example.com/source.pdf", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("gopher://files.example.com/", "scheme"),
        ("http://files.example.com/source.pdf", "scheme"),
        ("https://user:password@files.example.com/source.pdf", "credentials"),
        ("https:///source.pdf", "no_host"),
        ("files.example.com/source.pdf", "invalid"),
        ("https://[::1/source.pdf", "invalid"),
    ],
)
def test_links_refused_before_any_lookup(no_loopback: None, url: str, reason: str) -> None:
    with pytest.raises(RefusedUrlError) as caught:
        download_source(url, resolve=_no_resolve)
    assert caught.value.reason == reason
    assert str(caught.value).startswith("The source link was refused: ")


def test_http_to_a_public_name_is_refused_even_with_the_switch(loopback: None) -> None:
    resolve = Resolver({"files.example.com": ["93.184.216.34"]})
    with pytest.raises(RefusedUrlError) as caught:
        download_source("http://files.example.com/source.pdf", resolve=resolve)
    assert caught.value.reason == "scheme"


# --- Address rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("10.0.0.1", "private"),
        ("192.168.1.10", "private"),
        ("172.16.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("fc00::1", "private"),
        ("fe80::1", "link-local"),
        ("fec0::1", "private"),
        ("100.64.0.1", "non-public"),
        ("240.0.0.1", "reserved"),
        ("2002:a00:1::1", "6to4 private"),
        ("2002:7f00:1::1", "6to4 loopback"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "Teredo private"),
        ("64:ff9b::a9fe:a9fe", "IPv4-mapped link-local"),
        ("::a00:1", "reserved"),
        ("not an address", "unrecognised"),
    ],
)
def test_non_public_addresses(address: str, problem: str) -> None:
    assert address_problem(address) == problem


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]
)
def test_public_addresses(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(
    "address",
    ["10.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "224.0.0.1", "0.0.0.0", "fc00::1"],
)
def test_a_name_resolving_to_a_non_public_address_is_refused(address: str) -> None:
    resolve = Resolver({"files.example.com": [address]})
    with pytest.raises(RefusedUrlError) as caught:
        check_host("files.example.com", 443, resolve=resolve)
    assert caught.value.reason == "address"
    assert str(caught.value).startswith(
        "The source link was refused: files.example.com points to a non-public address ("
    )
    assert resolve.asked == [("files.example.com", 443)]


def test_a_name_resolving_to_a_public_address_is_allowed() -> None:
    resolve = Resolver({"files.example.com": ["93.184.216.34"]})
    assert check_host("files.example.com", 443, resolve=resolve) == ["93.184.216.34"]


def test_any_non_public_address_refuses_the_name() -> None:
    resolve = Resolver({"files.example.com": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(RefusedUrlError):
        check_host("files.example.com", 443, resolve=resolve)


def test_ip_literals_are_checked_without_a_lookup() -> None:
    with pytest.raises(RefusedUrlError):
        check_host("169.254.169.254", 443, resolve=_no_resolve)
    with pytest.raises(RefusedUrlError):
        check_host("[::1]", 443, resolve=_no_resolve)
    assert check_host("93.184.216.34", 443, resolve=_no_resolve) == ["93.184.216.34"]


def test_the_switch_lets_plain_loopback_through_but_not_its_wrapped_forms() -> None:
    assert check_host("127.0.0.1", 80, resolve=None, allow_loopback=True) == ["127.0.0.1"]
    assert check_host("::1", 80, resolve=None, allow_loopback=True) == ["::1"]
    with pytest.raises(RefusedUrlError):
        check_host("::ffff:127.0.0.1", 80, resolve=None, allow_loopback=True)
    with pytest.raises(RefusedUrlError):
        check_host("10.0.0.1", 80, resolve=None, allow_loopback=True)


def test_a_private_name_is_refused_before_connecting(no_loopback: None) -> None:
    resolve = Resolver({"files.example.com": ["10.0.0.1"]})
    with pytest.raises(RefusedUrlError) as caught:
        download_source("https://files.example.com/source.pdf", resolve=resolve)
    assert caught.value.address_kind == "private"


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/file",
        "https://10.0.0.1/file",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:127.0.0.1]/file",
        "https://internal.example.test/file",
        "ftp://files.example.com/file",
        "http://files.example.com/file",
    ],
)
def test_a_redirect_to_a_refused_link_is_not_followed(
    store: FileStore, loopback: None, target: str
) -> None:
    resolve = Resolver({"internal.example.test": ["10.1.2.3"], "files.example.com": ["1.1.1.1"]})
    with pytest.raises(RefusedUrlError) as caught:
        download_source(_redirect_to(store, target), resolve=resolve)
    assert str(caught.value).startswith(
        "The file server at 127.0.0.1 redirected to a link that was refused: "
    )
    assert len(store.seen) == 1


# --- DNS rebinding: the socket goes to the address that was checked -----------------------


def test_connects_to_the_checked_address_keeping_the_name(store: FileStore, loopback: None) -> None:
    # The name exists in no DNS: the download works only because the socket goes to the
    # address the check saw, while the Host header keeps the name.
    resolve = Resolver({FAKE_NAME: ["127.0.0.1"]})
    url = f"http://{FAKE_NAME}:{store.port}/file?{SECRET}"
    assert download_source(url, resolve=resolve) == FILE
    assert resolve.asked == [(FAKE_NAME, store.port)]
    assert store.seen[0].headers["host"] == f"{FAKE_NAME}:{store.port}"


def test_a_redirect_target_is_resolved_and_pinned_too(store: FileStore, loopback: None) -> None:
    resolve = Resolver({FAKE_NAME: ["127.0.0.1"]})
    target = f"http://{FAKE_NAME}:{store.port}/file"
    assert download_source(_redirect_to(store, target), resolve=resolve) == FILE
    assert resolve.asked == [(FAKE_NAME, store.port)]
    assert store.seen[-1].headers["host"] == f"{FAKE_NAME}:{store.port}"


def test_the_pinned_transport_never_connects_an_unchecked_host(store: FileStore) -> None:
    transport = PinnedTransport(deadline=time.monotonic() + 5)
    try:
        transport.pin(FAKE_NAME, ["127.0.0.1"])
        request = httpx.Request("GET", f"http://localhost:{store.port}/file")
        with pytest.raises(httpx.ConnectError):
            transport.handle_request(request)
    finally:
        transport.close()
    assert store.seen == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for FAKE_NAME, made with the openssl tool."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl tool is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            f"/CN={FAKE_NAME}",
            "-addext",
            f"subjectAltName=DNS:{FAKE_NAME}",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_store(certificate: tuple[Path, Path]) -> Iterator[tuple[FileStore, list[str | None]]]:
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []

    def remember(_socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        names.append(name)

    context.sni_callback = remember
    store, stop = _serve(context)
    yield store, names
    stop()


def test_https_to_the_checked_address_sends_the_name_as_sni_and_checks_it(
    tls_store: tuple[FileStore, list[str | None]], certificate: tuple[Path, Path], loopback: None
) -> None:
    store, names = tls_store
    store.seen.clear()
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    resolve = Resolver({FAKE_NAME: ["127.0.0.1"], "other.example.test": ["127.0.0.1"]})
    url = f"https://{FAKE_NAME}:{store.port}/file?{SECRET}"
    assert download_source(url, resolve=resolve, ssl_context=trust) == FILE
    assert names[-1] == FAKE_NAME
    assert store.seen[0].headers["host"] == f"{FAKE_NAME}:{store.port}"

    # The same address under another name: the certificate is checked against the name.
    with pytest.raises(SourceConnectionError) as caught:
        download_source(
            f"https://other.example.test:{store.port}/file", resolve=resolve, ssl_context=trust
        )
    assert caught.value.phase == "tls"
    assert str(caught.value) == (
        "The secure connection to other.example.test failed: its certificate is not valid."
    )


# --- Size ---------------------------------------------------------------------------------


def test_a_declared_length_above_the_limit_is_refused_before_reading(
    store: FileStore, loopback: None
) -> None:
    progress: list[tuple[int, int | None]] = []
    with pytest.raises(SourceTooLargeError) as caught:
        download_source(
            store.url("/sized/5000"),
            max_bytes=1000,
            on_progress=lambda got, total: progress.append((got, total)),
        )
    assert caught.value.declared == 5000
    assert progress == []
    assert str(caught.value) == (
        "The source file is larger than 1000 bytes, the most the inspector downloads."
    )


def test_a_body_without_length_stops_at_the_limit(store: FileStore, loopback: None) -> None:
    progress: list[tuple[int, int | None]] = []
    with pytest.raises(SourceTooLargeError) as caught:
        download_source(
            store.url("/chunked/51200"),
            max_bytes=1024,
            on_progress=lambda got, total: progress.append((got, total)),
        )
    assert caught.value.declared is None
    assert all(total is None and got <= 1024 for got, total in progress)
    assert str(caught.value) == (
        "The source file is larger than 1 KB, the most the inspector downloads."
    )


def test_a_compressed_body_counts_its_unpacked_size(store: FileStore, loopback: None) -> None:
    with pytest.raises(SourceTooLargeError):
        download_source(store.url("/gzip"), max_bytes=10_000)


def test_a_compressed_body_is_unpacked(store: FileStore, loopback: None) -> None:
    assert download_source(store.url("/gzip")) == b"\0" * 65536


class Arriving(httpx.SyncByteStream):
    """A body arriving as from a socket, 64 KB at a time (httpx reads content= at once)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.body), 65536):
            yield self.body[start : start + 65536]


def compressed(body: bytes, encoding: str) -> httpx.MockTransport:
    headers = {"Content-Encoding": encoding}
    return httpx.MockTransport(
        lambda request: httpx.Response(200, headers=headers, stream=Arriving(body))
    )


def test_a_decompression_bomb_stops_at_the_limit_a_piece_at_a_time() -> None:
    """20 MB of zeros in 20 KB of gzip against a 1 MB limit: unpacked a bounded piece at a
    time, never whole (httpx unpacked each piece it received in one go)."""
    bomb = gzip.compress(b"\0" * (20 * 1024**2), compresslevel=9)
    received: list[int] = []
    with pytest.raises(SourceTooLargeError):
        download_source(
            "https://files.example.com/bomb.pdf",
            max_bytes=1024**2,
            transport=compressed(bomb, "gzip"),
            on_progress=lambda got, total: received.append(got),
        )
    steps = [after - before for before, after in itertools.pairwise(received)]
    assert steps
    assert max(steps) <= 64 * 1024


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("deflate", zlib.compress(FILE)),
        ("deflate", zlib.compress(FILE, wbits=-zlib.MAX_WBITS)),
        ("x-gzip", gzip.compress(FILE)),
        ("identity", FILE),
    ],
    ids=["zlib deflate", "bare deflate", "x-gzip", "identity"],
)
def test_each_encoding_a_server_may_send_is_read(encoding: str, body: bytes) -> None:
    transport = compressed(body, encoding)
    assert download_source("https://files.example.com/a.pdf", transport=transport) == FILE


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("br", b"\x1b\x03\x00\xf8\xa5\x02"),
        ("gzip, gzip", gzip.compress(gzip.compress(FILE))),
        ("gzip", gzip.compress(FILE)[:-12]),  # cut short
        ("gzip", b"not gzip at all"),
    ],
    ids=["brotli", "stacked", "truncated", "garbage"],
)
def test_a_body_that_cannot_be_unpacked_says_so(encoding: str, body: bytes) -> None:
    with pytest.raises(SourceConnectionError) as caught:
        download_source("https://files.example.com/a.pdf", transport=compressed(body, encoding))
    assert caught.value.phase == "decode"
    assert str(caught.value) == (
        "The file from files.example.com arrived in an encoding that could not be read."
    )


def test_the_default_limit_reads_as_100_mb() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, headers={"Content-Length": str(200 * 1024**2)})
    )
    with pytest.raises(SourceTooLargeError) as caught:
        download_source("https://files.example.com/big.pdf", transport=transport)
    assert "larger than 100 MB" in str(caught.value)


# --- Time ---------------------------------------------------------------------------------


def test_a_slow_drip_ends_at_the_deadline(store: FileStore, loopback: None) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadTimeoutError) as caught:
        download_source(store.url("/drip"), timeout_s=0.5, read_timeout_s=5)
    assert time.monotonic() - started < 1.5
    assert caught.value.phase == "deadline"
    assert str(caught.value) == "The download from 127.0.0.1 did not finish within 0.5 seconds."


def test_a_slow_drip_of_headers_ends_at_the_deadline(store: FileStore, loopback: None) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadTimeoutError) as caught:
        download_source(store.url("/drip-headers"), timeout_s=0.5, read_timeout_s=5)
    assert time.monotonic() - started < 1.5
    assert caught.value.phase == "deadline"


def test_a_stalled_server_hits_the_read_timeout(store: FileStore, loopback: None) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadTimeoutError) as caught:
        download_source(store.url("/stall"), timeout_s=5, read_timeout_s=0.3)
    assert time.monotonic() - started < 1.5
    assert caught.value.phase == "read"


def test_a_slow_lookup_ends_in_time(no_loopback: None) -> None:
    release = threading.Event()

    def stuck(host: str, port: int) -> list[str]:
        release.wait(5)
        return ["93.184.216.34"]

    started = time.monotonic()
    try:
        with pytest.raises(DownloadTimeoutError) as caught:
            download_source("https://files.example.com/a.pdf", resolve=stuck, connect_timeout_s=0.2)
    finally:
        release.set()
    assert time.monotonic() - started < 1.0
    assert caught.value.phase == "resolve"


# --- HTTP and connection failures ---------------------------------------------------------


@pytest.mark.parametrize("status", [403, 410])
def test_403_and_410_say_the_link_expired(store: FileStore, loopback: None, status: int) -> None:
    with pytest.raises(SourceHttpError) as caught:
        download_source(store.url(f"/status/{status}"))
    assert caught.value.expired
    assert caught.value.status_code == status
    assert not caught.value.retryable
    assert str(caught.value) == (
        f"The link to the source file has expired or was refused (HTTP {status} from 127.0.0.1)."
    )


@pytest.mark.parametrize(
    ("status", "retryable"), [(404, False), (429, True), (500, True), (503, True)]
)
def test_other_statuses(store: FileStore, loopback: None, status: int, retryable: bool) -> None:
    with pytest.raises(SourceHttpError) as caught:
        download_source(store.url(f"/status/{status}"))
    assert not caught.value.expired
    assert caught.value.retryable is retryable


def test_a_redirect_without_a_target(store: FileStore, loopback: None) -> None:
    with pytest.raises(SourceHttpError) as caught:
        download_source(store.url("/no-location"))
    assert caught.value.status_code == 302


def test_a_closed_port_is_a_connection_failure(loopback: None) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    with pytest.raises(SourceConnectionError) as caught:
        download_source(f"http://127.0.0.1:{port}/file?{SECRET}")
    assert caught.value.phase == "connect"
    assert str(caught.value) == "Could not connect to the file server at 127.0.0.1."


def test_a_body_cut_short_is_a_broken_transfer(store: FileStore, loopback: None) -> None:
    with pytest.raises(SourceConnectionError) as caught:
        download_source(store.url("/short"))
    assert caught.value.phase == "transfer"


def test_a_failed_lookup(no_loopback: None) -> None:
    def fails(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(SourceConnectionError) as caught:
        download_source("https://nowhere.example.com/a.pdf", resolve=fails)
    assert str(caught.value) == "The file server nowhere.example.com could not be found."


# --- The presigned URL stays secret -------------------------------------------------------


def test_no_error_and_no_log_line_holds_the_url(
    store: FileStore, loopback: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    download_source(store.url("/hop/2"))
    failures = ["/status/403", "/hop/4", "/sized/5000", "/short", "/no-location", "/stall"]
    errors: list[SourceDownloadError] = []
    for path in failures:
        with pytest.raises(SourceDownloadError) as caught:
            download_source(store.url(path), max_bytes=1000, read_timeout_s=0.2)
        errors.append(caught.value)
    with pytest.raises(SourceDownloadError) as refused:
        download_source(f"ftp://files.example.com/a.pdf?{SECRET}")
    errors.append(refused.value)
    for error in errors:
        for text in (str(error), repr(error), *error.args):
            assert "s3cr3t" not in text
            assert "/status" not in text
            assert "/hop" not in text
        assert error.__cause__ is None
        assert error.__suppress_context__ or error.__context__ is None
    assert caplog.records  # httpcore logs at DEBUG: none of it names the URL's path or query
    for record in caplog.records:
        assert "s3cr3t" not in record.getMessage()
        assert "/hop/" not in record.getMessage()


# --- An injected transport (tests, the in-process demo) -----------------------------------


def test_an_in_process_transport_serves_an_https_link_without_lookups(no_loopback: None) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/start":
            return httpx.Response(302, headers={"Location": "/file", "Set-Cookie": "s=1; Path=/"})
        return httpx.Response(200, content=FILE)

    data = download_source(
        "https://demo-files.invalid/start", transport=httpx.MockTransport(handler)
    )
    assert data == FILE
    assert [request.url.path for request in seen] == ["/start", "/file"]
    for request in seen:
        assert "authorization" not in request.headers
        assert "cookie" not in request.headers


@pytest.mark.parametrize(
    "target", ["http://demo-files.invalid/file", "https://169.254.169.254/", "https://[fd00::1]/"]
)
def test_an_in_process_transport_still_checks_redirects(no_loopback: None, target: str) -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(302, headers={"Location": target})
    )
    with pytest.raises(RefusedUrlError):
        download_source("https://demo-files.invalid/start", transport=transport)
