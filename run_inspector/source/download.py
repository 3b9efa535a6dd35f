"""Downloading a cited source file from its presigned URL, safely (issue 15, §4).

The files API answers with a presigned URL: whoever holds it can download the file until it
expires, so the URL is a secret. It never appears in an error, a log line or an exception's
cause; errors name the host at most.

The rules:
- No API key, no Authorization header, no cookies. Requests go straight to a transport (never
  through an `httpx.Client`), so there is no cookie jar, no `.netrc`, no proxy from the
  environment and no request log line holding the URL (httpx's client logs each URL at INFO).
- Only `https`. Plain `http` only to loopback, and only while the environment sets
  `RUN_INSPECTOR_TEST_LOOPBACK_DOWNLOADS=1` (read on every call); tests use it.
- Before connecting, the host is resolved and refused if any of its addresses is not public
  (loopback, private, link-local, multicast, reserved, unspecified, or such an address wrapped
  in an IPv4-mapped, NAT64, 6to4 or Teredo form). IP literals are checked the same way.
- DNS rebinding: a name can resolve to a public address when checked and to a private one a
  moment later, when the HTTP library resolves it again to connect. To close that gap the
  default transport never resolves anything itself: it connects only to the addresses that
  were checked for that host (`PinnedTransport`). The URL keeps its host name, so the `Host`
  header, TLS SNI and the certificate check all use the name, while the socket goes to the
  checked address.
- Redirects are followed here, at most 3, each target checked again against every rule.
- The body is streamed and stopped as soon as it passes `max_bytes` (a Content-Length above it
  is refused before reading); a compressed body is inflated a bounded piece at a time, so the
  limit counts what it unpacks to and a decompression bomb stops there. Connect and read
  timeouts, and one deadline for the whole download that every socket operation honours, so a
  slow drip (even of headers) ends.
- Nothing here logs; httpcore's DEBUG lines about a download's response headers (a redirect's
  Location is a presigned URL too) are logged without them.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final, Literal

import httpcore
import httpx

from run_inspector.api.retry_policy import retry_after_seconds, should_retry_status
from run_inspector.source.body_decoding import UnreadableEncodingError, decoded_pieces

LOOPBACK_DOWNLOADS_ENV: Final = "RUN_INSPECTOR_TEST_LOOPBACK_DOWNLOADS"
DEFAULT_MAX_BYTES: Final = 100 * 1024**2
# The whole download, redirects included: 100 MB in 120 s needs about 7 Mbit/s.
DEFAULT_TIMEOUT_S: Final = 120.0
DEFAULT_CONNECT_TIMEOUT_S: Final = 10.0
# The longest wait for any one read (headers or body) before the server counts as stalled.
DEFAULT_READ_TIMEOUT_S: Final = 30.0
MAX_REDIRECTS: Final = 3
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
EXPIRED_STATUSES: Final = frozenset({403, 410})
_USER_AGENT: Final = "run-inspector/0.1"
_MAX_HOST_CHARS: Final = 80
_FIRST_PREFIX: Final = "The source link was refused: "
_DEADLINE_PASSED: Final = "the download's deadline passed"

Resolve = Callable[[str, int], list[str]]
Progress = Callable[[int, int | None], None]


# --- Errors -------------------------------------------------------------------------------


class SourceDownloadError(Exception):
    """Any failure to download a source file. `str()` is one plain sentence for people; it
    names the host at most, never the URL. Raised `from None`, so no cause carries the URL."""

    def __init__(self, sentence: str, *, host: str | None = None) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.host = host

    def __str__(self) -> str:
        return self.sentence

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.sentence!r})"


RefusalReason = Literal["invalid", "scheme", "credentials", "no_host", "address"]


class RefusedUrlError(SourceDownloadError):
    """The link (or a redirect's target) breaks a rule; nothing was sent to it.
    `address_kind` says what was wrong with the address ("private", "loopback", ...)."""

    def __init__(
        self,
        sentence: str,
        *,
        reason: RefusalReason,
        host: str | None = None,
        address_kind: str | None = None,
    ) -> None:
        super().__init__(sentence, host=host)
        self.reason = reason
        self.address_kind = address_kind


class TooManyRedirectsError(SourceDownloadError):
    """The file server redirected more than MAX_REDIRECTS times."""


class SourceTooLargeError(SourceDownloadError):
    """The file passed `max_bytes`; `declared` is the Content-Length when that said so first."""

    def __init__(
        self, sentence: str, *, host: str | None, max_bytes: int, declared: int | None
    ) -> None:
        super().__init__(sentence, host=host)
        self.max_bytes = max_bytes
        self.declared = declared


TimeoutPhase = Literal["resolve", "connect", "read", "deadline"]


class DownloadTimeoutError(SourceDownloadError):
    """Looking up the host, connecting, one read, or the whole download took too long."""

    def __init__(self, sentence: str, *, host: str | None, phase: TimeoutPhase) -> None:
        super().__init__(sentence, host=host)
        self.phase = phase


class SourceHttpError(SourceDownloadError):
    """The file server answered with an error status (or a redirect with no target).
    `retryable` and `retry_after_s` follow the API client's retry policy."""

    def __init__(
        self,
        sentence: str,
        *,
        host: str | None,
        status_code: int,
        retryable: bool,
        retry_after_s: float | None,
    ) -> None:
        super().__init__(sentence, host=host)
        self.status_code = status_code
        self.retryable = retryable
        self.retry_after_s = retry_after_s

    @property
    def expired(self) -> bool:
        """403 and 410 are what storage services answer for an expired presigned link."""
        return self.status_code in EXPIRED_STATUSES


ConnectionPhase = Literal["resolve", "connect", "tls", "transfer", "decode"]


class SourceConnectionError(SourceDownloadError):
    """The host could not be found or reached, TLS failed, or the transfer broke off."""

    def __init__(self, sentence: str, *, host: str | None, phase: ConnectionPhase) -> None:
        super().__init__(sentence, host=host)
        self.phase = phase


# --- Addresses ----------------------------------------------------------------------------

_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")


def address_problem(address: str) -> str | None:
    """None for a public address; otherwise what it is ("private", "loopback", ...).

    Explicit about every range rather than trusting `is_global` alone; `is_global` still
    catches what the list misses (shared address space 100.64.0.0/10, documentation ranges).
    An IPv4 address wrapped in IPv6 (IPv4-mapped, NAT64) is judged as that IPv4 address;
    a 6to4 or Teredo address is refused when the IPv4 address inside it is not public.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unrecognised"
    if isinstance(ip, ipaddress.IPv6Address):
        wrapped = ip.ipv4_mapped or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None
        )
        if wrapped is not None:
            problem = address_problem(str(wrapped))
            return None if problem is None else f"IPv4-mapped {problem}"
        if ip.sixtofour is not None and (problem := address_problem(str(ip.sixtofour))):
            return f"6to4 {problem}"
        if ip.teredo is not None:
            for inner in ip.teredo:
                if problem := address_problem(str(inner)):
                    return f"Teredo {problem}"
    checks: tuple[tuple[bool, str], ...] = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "private"),
        (not ip.is_global, "non-public"),
    )
    return next((kind for failed, kind in checks if failed), None)


def system_resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_host(
    host: str,
    port: int,
    *,
    resolve: Resolve | None = system_resolve,
    allow_loopback: bool = False,
    within_s: float = DEFAULT_CONNECT_TIMEOUT_S,
    refused_prefix: str = _FIRST_PREFIX,
) -> list[str]:
    """The addresses to connect to for `host`, all checked; raises RefusedUrlError when any
    is not public (loopback passes when `allow_loopback`). An IP literal is its own address.
    `resolve=None` resolves nothing (an in-process transport has no network): then only an IP
    literal is checked and the answer is empty."""
    literal = _ip_literal(host)
    if literal is not None:
        addresses = [literal]
    elif resolve is None:
        return []
    else:
        addresses = _resolve_within(resolve, host, port, within_s)
    shown = _show_host(host)
    for address in addresses:
        problem = address_problem(address)
        if problem is not None and not (problem == "loopback" and allow_loopback):
            raise RefusedUrlError(
                f"{refused_prefix}{shown} points to a non-public address ({problem}).",
                reason="address",
                host=shown,
                address_kind=problem,
            )
    return addresses


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def _resolve_within(resolve: Resolve, host: str, port: int, seconds: float) -> list[str]:
    """`resolve(host, port)` in a daemon thread, so a slow resolver cannot pass the deadline."""
    found: list[str] = []
    failed: list[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            found.extend(resolve(host, port))
        except BaseException as exc:  # handed to the waiting thread below
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name="source-download-resolve", daemon=True).start()
    shown = _show_host(host)
    if not done.wait(max(seconds, 0.0)):
        raise DownloadTimeoutError(
            f"Looking up the file server {shown} took too long.", host=shown, phase="resolve"
        )
    if failed and not isinstance(failed[0], OSError | UnicodeError):
        raise failed[0]
    if failed or not found:
        raise SourceConnectionError(
            f"The file server {shown} could not be found.", host=shown, phase="resolve"
        )
    return found


def _show_host(host: str) -> str:
    printable = "".join(ch for ch in host if ch.isprintable()) or "?"
    if len(printable) <= _MAX_HOST_CHARS:
        return printable
    return printable[: _MAX_HOST_CHARS - 1] + "…"


# --- Logs ---------------------------------------------------------------------------------

# httpcore, at DEBUG, logs every response's headers, and a redirect's Location is itself a
# presigned URL. While this thread downloads, those lines are logged without the headers.
# (httpcore never logs a request's URL; httpx's client does, and is not used here.)
_downloading = threading.local()
_RESPONSE_HEADERS_TRACE: Final = "receive_response_headers.complete"


class _HideResponseHeaders(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(_downloading, "depth", 0) and str(record.msg).startswith(
            _RESPONSE_HEADERS_TRACE
        ):
            record.msg = f"{_RESPONSE_HEADERS_TRACE} (headers of a source download not logged)"
            record.args = ()
        return True


_HIDE_RESPONSE_HEADERS: Final = _HideResponseHeaders()
for _name in ("httpcore.http11", "httpcore.http2"):
    if _HIDE_RESPONSE_HEADERS not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_HIDE_RESPONSE_HEADERS)


@contextmanager
def _quiet_headers() -> Iterator[None]:
    _downloading.depth = getattr(_downloading, "depth", 0) + 1
    try:
        yield
    finally:
        _downloading.depth -= 1


# --- The pinned transport -----------------------------------------------------------------

_CORE_TO_HTTPX: Final[tuple[tuple[type[Exception], type[httpx.TransportError]], ...]] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProxyError, httpx.ProxyError),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """httpcore's exceptions as httpx's, as `httpx.HTTPTransport` does."""
    try:
        yield
    except Exception as exc:
        for core, mapped in _CORE_TO_HTTPX:
            if isinstance(exc, core):
                raise mapped(str(exc)) from exc
        raise


def _limit(deadline: float, timeout: float | None, late: type[Exception]) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise late(_DEADLINE_PASSED)
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read, write and TLS handshake ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit = _limit(self._deadline, timeout, httpcore.ReadTimeout)
        return self._inner.read(max_bytes, limit)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _limit(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        limit = _limit(self._deadline, timeout, httpcore.ConnectTimeout)
        secured = self._inner.start_tls(ssl_context, server_hostname, limit)
        return _DeadlineStream(secured, self._deadline)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects a host name only to the addresses checked for it, never resolving it again."""

    def __init__(self, pins: dict[str, list[str]], deadline: float) -> None:
        self._pins = pins
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(host.lower())
        if not addresses:
            raise httpcore.ConnectError("no checked address for this host")
        failure: Exception | None = None
        for address in addresses:  # the next checked address when one cannot be reached
            limit = _limit(self._deadline, timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(
                    address, port, limit, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _CoreBody(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class PinnedTransport(httpx.BaseTransport):
    """An HTTP/1.1 transport that connects each host only to the addresses `pin` gave it,
    with every socket operation ending by `deadline` (a `time.monotonic()` value).

    `ssl_context` defaults to httpx's (certifi, or SSL_CERT_FILE / SSL_CERT_DIR). Proxies
    from the environment are not used: the checked address is the one connected to.
    """

    def __init__(self, *, deadline: float, ssl_context: ssl.SSLContext | None = None) -> None:
        self._pins: dict[str, list[str]] = {}
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=4,
            http1=True,
            http2=False,
            retries=0,
            network_backend=_PinnedBackend(self._pins, deadline),
        )

    def pin(self, host: str, addresses: list[str]) -> None:
        """Connect `host` (as it appears in request URLs) only to `addresses`."""
        self._pins[host.lower()] = list(addresses)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            core_response = self._pool.handle_request(core_request)
        assert isinstance(core_response.stream, Iterable)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_CoreBody(core_response.stream),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


# --- The download -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Limits:
    max_bytes: int
    deadline: float  # time.monotonic()
    timeout_s: float
    connect_timeout_s: float
    read_timeout_s: float

    def remaining(self, host: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _deadline_error(host, self.timeout_s)
        return left


def download_source(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S,
    on_progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    resolve: Resolve | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> bytes:
    """The bytes behind a presigned `url`, or a SourceDownloadError saying why not.

    `timeout_s` bounds the whole download, redirects included; `connect_timeout_s` and
    `read_timeout_s` bound one connect and one read. `on_progress(received, total)` is called
    with 0 before the body and after each piece of it; `total` is the Content-Length, or None
    when the server did not say (or sent the body compressed).

    `transport` replaces the network, for tests and the in-process demo; the caller keeps it
    open. Names are then not resolved unless `resolve` is given (an in-process transport has
    no addresses), but every other rule still applies. Without `transport` a fresh
    PinnedTransport is used and closed, and `resolve` defaults to `socket.getaddrinfo`;
    `ssl_context` replaces its trust store (tests trust their own certificate with it).
    """
    limits = _Limits(
        max_bytes=max_bytes,
        deadline=time.monotonic() + timeout_s,
        timeout_s=timeout_s,
        connect_timeout_s=connect_timeout_s,
        read_timeout_s=read_timeout_s,
    )
    allow_loopback = os.environ.get(LOOPBACK_DOWNLOADS_ENV) == "1"
    with _quiet_headers():
        if transport is not None:
            return _follow(url, transport, None, resolve, allow_loopback, limits, on_progress)
        pinned = PinnedTransport(deadline=limits.deadline, ssl_context=ssl_context)
        try:
            resolver = resolve if resolve is not None else system_resolve
            return _follow(url, pinned, pinned, resolver, allow_loopback, limits, on_progress)
        finally:
            pinned.close()


def _follow(
    url: str,
    sender: httpx.BaseTransport,
    pinned: PinnedTransport | None,
    resolve: Resolve | None,
    allow_loopback: bool,
    limits: _Limits,
    on_progress: Progress | None,
) -> bytes:
    """Request `url`, following at most MAX_REDIRECTS redirects, each target checked first."""
    prefix = _FIRST_PREFIX
    current = _parse(url, prefix)
    for hop in range(MAX_REDIRECTS + 1):
        host = _show_host(current.host)
        addresses = _check_url(current, resolve, allow_loopback, limits, prefix)
        if pinned is not None:
            pinned.pin(current.raw_host.decode("ascii"), addresses)
        with _typed_errors(host, limits):
            response = sender.handle_request(_request(current, host, limits))
            try:
                if response.status_code not in REDIRECT_STATUSES:
                    _raise_for_status(response, host)
                    return _read_body(response, host, limits, on_progress)
                if hop == MAX_REDIRECTS:
                    raise TooManyRedirectsError(
                        f"The file server at {host} redirected more than {MAX_REDIRECTS} times,"
                        " so the download was stopped.",
                        host=host,
                    )
                prefix = f"The file server at {host} redirected to a link that was refused: "
                current = _redirect_target(response, current, host, prefix)
            finally:
                response.close()
    raise AssertionError("unreachable: the last hop returns or raises")  # pragma: no cover


def _parse(url: str, prefix: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError):
        raise RefusedUrlError(f"{prefix}it is not a valid web address.", reason="invalid") from None


def _check_url(
    url: httpx.URL, resolve: Resolve | None, allow_loopback: bool, limits: _Limits, prefix: str
) -> list[str]:
    """The checked addresses for `url`'s host; raises RefusedUrlError on any broken rule."""
    scheme = url.scheme
    if not scheme:
        raise RefusedUrlError(f"{prefix}it is not a valid web address.", reason="invalid")
    if scheme not in ("https", "http"):
        shown = _show_host(scheme)[:20]
        raise RefusedUrlError(
            f"{prefix}only https links are downloaded, and this one uses {shown}.",
            reason="scheme",
        )
    plain_http = f"{prefix}only https links are downloaded, and this one uses plain http."
    if scheme == "http" and not allow_loopback:
        raise RefusedUrlError(plain_http, reason="scheme")
    if url.userinfo:
        raise RefusedUrlError(f"{prefix}it carries a user name or password.", reason="credentials")
    if not url.raw_host:
        raise RefusedUrlError(f"{prefix}it names no host.", reason="no_host")
    host = url.raw_host.decode("ascii")
    addresses = check_host(
        host,
        url.port or (443 if scheme == "https" else 80),
        resolve=resolve,
        allow_loopback=allow_loopback,
        within_s=min(limits.connect_timeout_s, limits.remaining(_show_host(host))),
        refused_prefix=prefix,
    )
    if scheme == "http" and not (
        addresses and all(address_problem(address) == "loopback" for address in addresses)
    ):
        raise RefusedUrlError(plain_http, reason="scheme", host=_show_host(host))
    return addresses


def _request(url: httpx.URL, host: str, limits: _Limits) -> httpx.Request:
    """A bare GET: no credentials, no cookies, no compression (the size limit counts bytes)."""
    left = limits.remaining(host)
    timeouts = {
        "connect": min(limits.connect_timeout_s, left),
        "read": min(limits.read_timeout_s, left),
        "write": min(limits.read_timeout_s, left),
        "pool": min(limits.connect_timeout_s, left),
    }
    return httpx.Request(
        "GET",
        url.copy_with(fragment=None),
        headers={"Accept": "*/*", "Accept-Encoding": "identity", "User-Agent": _USER_AGENT},
        extensions={"timeout": timeouts},
    )


def _raise_for_status(response: httpx.Response, host: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    if code in EXPIRED_STATUSES:
        sentence = (
            f"The link to the source file has expired or was refused (HTTP {code} from {host})."
        )
    elif code == 404:
        sentence = f"The file server at {host} has no file at this link (HTTP 404)."
    elif code == 429:
        sentence = f"The file server at {host} is limiting downloads for now (HTTP 429)."
    elif code >= 500:
        sentence = f"The file server at {host} failed to send the file (HTTP {code})."
    else:
        sentence = f"The file server at {host} answered HTTP {code} instead of the file."
    raise SourceHttpError(
        sentence,
        host=host,
        status_code=code,
        retryable=should_retry_status(code, response.headers),
        retry_after_s=retry_after_seconds(response.headers),
    )


def _redirect_target(
    response: httpx.Response, current: httpx.URL, host: str, prefix: str
) -> httpx.URL:
    location = response.headers.get("location", "").strip()
    if not location:
        raise SourceHttpError(
            f"The file server at {host} answered with a redirect"
            f" (HTTP {response.status_code}) but no target.",
            host=host,
            status_code=response.status_code,
            retryable=False,
            retry_after_s=None,
        )
    try:
        return current.join(location)
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError):
        raise RefusedUrlError(f"{prefix}it is not a valid web address.", reason="invalid") from None


def _read_body(
    response: httpx.Response, host: str, limits: _Limits, on_progress: Progress | None
) -> bytes:
    declared = _content_length(response)
    if declared is not None and declared > limits.max_bytes:
        raise _too_large(host, limits.max_bytes, declared)
    encoding = response.headers.get("content-encoding", "").strip().lower()
    total = declared if encoding in ("", "identity") else None  # decoded size unknown
    if on_progress is not None:
        on_progress(0, total)
    pieces: list[bytes] = []
    received = 0
    # No chunk_size: each piece comes as it arrives, so the deadline is checked between reads.
    # Raw, then inflated here: httpx would inflate each piece whole (see body_decoding). A
    # response built from bytes (httpx's MockTransport, in tests) arrives read and decoded;
    # the network and the demo's WSGI transport always stream.
    body = (
        iter([response.content])
        if response.is_stream_consumed
        else decoded_pieces(response.iter_raw(), encoding)
    )
    for piece in body:
        received += len(piece)
        if received > limits.max_bytes:
            raise _too_large(host, limits.max_bytes, None)
        pieces.append(piece)
        if on_progress is not None:
            on_progress(received, total)
        limits.remaining(host)
    return b"".join(pieces)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _too_large(host: str, max_bytes: int, declared: int | None) -> SourceTooLargeError:
    return SourceTooLargeError(
        f"The source file is larger than {_size_text(max_bytes)}, the most the inspector"
        " downloads.",
        host=host,
        max_bytes=max_bytes,
        declared=declared,
    )


def _size_text(size: int) -> str:
    if size >= 1024**2:
        return f"{size / 1024**2:g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"


def _deadline_error(host: str, timeout_s: float) -> DownloadTimeoutError:
    return DownloadTimeoutError(
        f"The download from {host} did not finish within {timeout_s:g} seconds.",
        host=host,
        phase="deadline",
    )


@contextmanager
def _typed_errors(host: str, limits: _Limits) -> Iterator[None]:
    """httpx's failures as SourceDownloadErrors, raised `from None`: no cause, no URL."""
    try:
        yield
    except httpx.TimeoutException as exc:
        if str(exc) == _DEADLINE_PASSED or time.monotonic() >= limits.deadline:
            raise _deadline_error(host, limits.timeout_s) from None
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            raise DownloadTimeoutError(
                f"The file server at {host} did not answer in time.", host=host, phase="connect"
            ) from None
        raise DownloadTimeoutError(
            f"The file server at {host} stopped sending for {limits.read_timeout_s:g} seconds,"
            " so the download was stopped.",
            host=host,
            phase="read",
        ) from None
    except httpx.ConnectError as exc:
        tls = _ssl_cause(exc)
        if isinstance(tls, ssl.SSLCertVerificationError):
            sentence = f"The secure connection to {host} failed: its certificate is not valid."
            raise SourceConnectionError(sentence, host=host, phase="tls") from None
        if tls is not None:
            sentence = f"The secure connection to {host} failed."
            raise SourceConnectionError(sentence, host=host, phase="tls") from None
        raise SourceConnectionError(
            f"Could not connect to the file server at {host}.", host=host, phase="connect"
        ) from None
    except (httpx.DecodingError, UnreadableEncodingError):
        raise SourceConnectionError(
            f"The file from {host} arrived in an encoding that could not be read.",
            host=host,
            phase="decode",
        ) from None
    except httpx.RequestError:
        raise SourceConnectionError(
            f"The connection to {host} broke off before the file was complete.",
            host=host,
            phase="transfer",
        ) from None


def _ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
