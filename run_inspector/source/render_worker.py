"""Draws one page of an untrusted PDF, PNG or JPEG in a separate process, within limits.

A cited source file comes from a customer or a presigned link; a hostile or broken one (a
decompression bomb, a page that takes minutes, a damaged cross-reference table) must end in a
sentence, never a hung or killed server. So pdfium and Pillow never decode it in the server:

- **One worker process**, started on the first render and reused. It is this file run as a
  script by the server's own interpreter in isolated mode (`python -I -B`), so it imports only
  the standard library, pypdfium2 and Pillow: not Streamlit, not the app, not the server's
  `__main__` (which `multiprocessing`'s spawn would re-import). It gets an empty environment
  (no API key), its own session (a Ctrl-C in the terminal is the server's to handle) and `/`
  as its directory.
- **Time**: every render has a wall-clock limit (`time_limit_s`, from sending the file to the
  last byte of the answer); past it the worker is killed (SIGKILL), the caller gets a sentence,
  and the next render starts a new worker. The worker also sets itself a CPU-time limit a
  little above it before each render, so even one whose server vanished cannot spin for long.
- **Memory**: at start the worker sets `RLIMIT_AS` to `memory_limit_bytes`. An allocation past
  it fails with MemoryError (Python, ctypes, Pillow), which comes back as a sentence, or ends
  the process (pdfium), which reads as a crash. It also sets `RLIMIT_FSIZE` 0 (it writes no
  files) and `RLIMIT_CORE` 0 (no core dump holding a customer's file).
- **Recycling**: after any failure (a time-out, a crash, MemoryError, any exception, a damaged
  file, an image too large) the worker is killed and the next render starts a fresh one
  (about 0.1 s). The one answer that keeps it is "the page is out of range": the file was
  read without trouble.
- **Pixels**: a PDF page is drawn at `dpi`, scaled down when that would pass `max_pixels`. An
  image is refused when its header claims more than `max_image_pixels` (Pillow's
  `MAX_IMAGE_PIXELS`, its own decompression-bomb guard, set to that, its warning made an
  error), and drawn scaled down to `max_pixels`.
- **Threads**: Streamlit calls from many threads; renders are serialized by one lock and run
  one at a time on the one worker (a lock is not a fair queue: waiters go in no set order).
  Each render ahead of a waiting one is bounded by the time limit, plus a worker start after a
  failure. The worker ends with the server: `close()`, an atexit hook, or end of input.
- **The answer is untrusted too**: a worker that pdfium's bugs let a file take over could send
  anything back. The protocol is length-prefixed JSON plus raw bytes (never pickle); every
  length, number and the PNG's own header are checked against the limits before anything is
  kept, and sentences are built here from checked numbers, never from the worker's text. The
  worker's exception text is only logged (at WARNING, cut short, with repr), never shown; it
  names a library's complaint, not the file's content or a path.

Images have no points: an image's "page size in points" is its pixel size, so a citation's
`page_dimensions` for an image is compared with it by aspect ratio (and scaled by ratio). An
image is drawn as stored: a JPEG's EXIF orientation is not applied (whether LlamaCloud's boxes
assume it is applied is not known).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import logging
import math
import os
import selectors
import struct
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:  # the worker imports Pillow itself, once started
    from PIL import Image

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT_S: Final = 10.0
DEFAULT_MEMORY_LIMIT_BYTES: Final = 1_500 * 1024**2
DEFAULT_DPI: Final = 150
DEFAULT_MAX_PIXELS: Final = 40_000_000
DEFAULT_MAX_IMAGE_PIXELS: Final = 100_000_000
# Starting Python and importing pdfium and Pillow takes ~0.1 s; this only catches a stuck start.
START_TIME_LIMIT_S: Final = 30.0

RenderKind = Literal["pdf", "png", "jpeg"]
_KINDS: Final = ("pdf", "png", "jpeg")
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"

# A frame: header length (4 bytes), payload length (8 bytes), a JSON header, raw payload.
_PREFIX: Final = struct.Struct(">IQ")
_MAX_HEADER_BYTES: Final = 64 * 1024
_IO_CHUNK: Final = 1024 * 1024
_MAX_DETAIL_CHARS: Final = 300

# What the worker says went wrong; each becomes a sentence here.
_PAGE_RANGE: Final = "page_out_of_range"
_PDF_UNREADABLE: Final = "pdf_unreadable"
_PDF_LOCKED: Final = "pdf_locked"
_PDF_SECURITY: Final = "pdf_security"
_PAGE_NO_SIZE: Final = "page_no_size"
_PAGE_UNREADABLE: Final = "page_unreadable"
_IMAGE_TOO_LARGE: Final = "image_too_large"
_IMAGE_UNREADABLE: Final = "image_unreadable"
_MEMORY: Final = "memory"
_FAILED: Final = "failed"
# pdfium's FPDF_GetLastError codes for a document that did not load.
_PDFIUM_ERR_PASSWORD: Final = 4
_PDFIUM_ERR_SECURITY: Final = 5


@dataclass(frozen=True)
class RenderedPage:
    """One drawn page: PNG bytes of `width_px` × `height_px`, RGB, no alpha.

    `page_width_pt` × `page_height_pt` is the page's size in PDF points as pdfium reports it
    (the /Rotate turn applied); for an image it is the image's own pixel size.
    """

    png: bytes
    width_px: int
    height_px: int
    page_width_pt: float
    page_height_pt: float
    page_count: int


class RenderError(Exception):
    """A page could not be drawn; `str()` is a sentence for the page, safe to show."""


class PageRenderer:
    """Renders pages in one reusable worker process (see the module docstring)."""

    def __init__(
        self,
        *,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT_BYTES,
        dpi: int = DEFAULT_DPI,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
    ) -> None:
        if not (time_limit_s > 0 and memory_limit_bytes > 0 and dpi > 0 and max_pixels > 0):
            raise ValueError("time, memory, dpi and pixel limits must be positive")
        if max_image_pixels <= 0:
            raise ValueError("max_image_pixels must be positive")
        self.time_limit_s = time_limit_s
        self.memory_limit_bytes = memory_limit_bytes
        self.dpi = dpi
        self.max_pixels = max_pixels
        self.max_image_pixels = max_image_pixels
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._closed = False
        self.starts = 0
        """How many worker processes were started: tests read it to see a recycle."""
        atexit.register(_close_if_alive, weakref.ref(self))

    @property
    def worker_pid(self) -> int | None:
        """The running worker's process ID, or None when none runs (tests and logs)."""
        worker = self._worker
        return None if worker is None else worker.process.pid

    def render(self, content: bytes, kind: RenderKind, page: int) -> RenderedPage:
        """Draw 1-based `page` of `content` (sniffed as `kind`), or raise RenderError."""
        if kind not in _KINDS:
            raise ValueError(f"cannot render kind {kind!r}")
        if isinstance(page, bool) or not isinstance(page, int):
            raise TypeError("page must be an int")
        request = {
            "kind": kind,
            "page": page,
            "dpi": self.dpi,
            "max_pixels": self.max_pixels,
            "max_image_pixels": self.max_image_pixels,
            "time_limit_s": self.time_limit_s,
        }
        header = json.dumps(request).encode("utf-8")
        with self._lock:
            if self._closed:
                raise RenderError("The page renderer has been shut down.")
            worker = self._ensure_worker()
            started = time.monotonic()
            try:
                answer, payload = worker.exchange(
                    header,
                    content,
                    deadline=started + self.time_limit_s,
                    max_payload=self._max_png_bytes(),
                )
            except _TimedOut:
                self._recycle(f"render of page {page} passed {self.time_limit_s:g} s")
                raise RenderError(
                    f"Drawing this page took longer than {self.time_limit_s:g} s, "
                    "so it was stopped."
                ) from None
            except _WorkerGone as gone:
                self._recycle(f"worker failed during a render: {gone}")
                raise RenderError(
                    "The page renderer stopped while drawing this page: the file may be "
                    "damaged, or need more than "
                    f"{_show_bytes(self.memory_limit_bytes)} of memory."
                ) from None
            except BaseException:
                # Whatever broke off the exchange, the worker may be mid-answer: never reuse it.
                self._recycle("a render was interrupted")
                raise
            try:
                return self._accept(answer, payload, kind=kind, page=page)
            except _BadAnswer as bad:
                self._recycle(f"worker sent an answer that fails its checks: {bad}")
                raise RenderError(
                    "The page renderer sent back something unexpected, so it was restarted."
                ) from None
            except RenderError:
                if answer.get("error") != _PAGE_RANGE:
                    self._recycle(f"render failed: {_loggable(answer)}")
                raise

    def close(self) -> None:
        """Stop the worker; later renders raise RenderError."""
        with self._lock:
            self._closed = True
            self._stop_worker()

    def _max_png_bytes(self) -> int:
        # An RGB PNG stored without compression is 3 bytes a pixel plus a filter byte a row and
        # chunk framing; this bounds what is read back from a worker that lies.
        return 4 * self.max_pixels + 1024 * 1024

    def _ensure_worker(self) -> _Worker:
        if self._worker is not None and self._worker.process.poll() is None:
            return self._worker
        self._stop_worker()
        try:
            self._worker = _Worker.start(self.memory_limit_bytes)
        except (OSError, _TimedOut, _WorkerGone) as problem:
            logger.warning("Page render worker did not start: %s", _cut(repr(problem)))
            raise RenderError("The page renderer could not be started.") from None
        self.starts += 1
        return self._worker

    def _recycle(self, why: str) -> None:
        worker = self._worker
        pid = None if worker is None else worker.process.pid
        self._stop_worker()
        logger.warning("Page render worker %s stopped and will be replaced: %s", pid, why)

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill()

    def _accept(
        self, answer: dict[str, Any], payload: bytes, *, kind: RenderKind, page: int
    ) -> RenderedPage:
        """The checked page, or RenderError for an error the worker reported."""
        if answer.get("ok") is True:
            return self._checked_page(answer, payload, kind=kind)
        error = answer.get("error")
        if error == _PAGE_RANGE:
            count = _positive_int(answer, "page_count", limit=2**31)
            pages = "1 page" if count == 1 else f"{count:,} pages"
            raise RenderError(f"The file has {pages}; page {page:,} was cited.")
        if error == _PDF_UNREADABLE:
            raise RenderError("The PDF could not be read: it is damaged or not a PDF.")
        if error == _PDF_LOCKED:
            raise RenderError("The PDF is protected by a password, so it cannot be drawn.")
        if error == _PDF_SECURITY:
            raise RenderError(
                "The PDF is encrypted in a way the renderer does not support, so it cannot be "
                "drawn."
            )
        if error == _PAGE_UNREADABLE:
            raise RenderError(f"Page {page:,} of the PDF could not be read: the file is damaged.")
        if error == _PAGE_NO_SIZE:
            raise RenderError("The cited page has no size, so it cannot be drawn.")
        if error == _IMAGE_TOO_LARGE:
            pixels = answer.get("pixels")
            limit = f"the limit is {_show_megapixels(self.max_image_pixels)}"
            if isinstance(pixels, int) and not isinstance(pixels, bool) and pixels > 0:
                size = _show_megapixels(pixels)
            else:
                size = f"more than {_show_megapixels(self.max_image_pixels)}"
                limit = "too many to decode safely"
            raise RenderError(f"This image is too large to draw ({size}; {limit}).")
        if error == _IMAGE_UNREADABLE:
            name = "PNG" if kind == "png" else "JPEG"
            raise RenderError(f"The image could not be read: it is damaged or not a {name}.")
        if error == _MEMORY:
            raise RenderError(
                f"Drawing this page needed more than {_show_bytes(self.memory_limit_bytes)} of "
                "memory, so it was stopped."
            )
        if error == _FAILED:
            raise RenderError("This page could not be drawn: the file may be damaged.")
        raise _BadAnswer(f"unknown answer {_cut(repr(error))}")

    def _checked_page(
        self, answer: dict[str, Any], payload: bytes, *, kind: RenderKind
    ) -> RenderedPage:
        width = _positive_int(answer, "width_px", limit=self.max_pixels)
        height = _positive_int(answer, "height_px", limit=self.max_pixels)
        if width * height > self.max_pixels:
            raise _BadAnswer(f"{width}x{height} px is over the pixel limit")
        page_count = _positive_int(answer, "page_count", limit=2**31)
        if kind != "pdf" and page_count != 1:
            raise _BadAnswer("an image with more than one page")
        page_width = _positive_float(answer, "page_width_pt")
        page_height = _positive_float(answer, "page_height_pt")
        # Only a PNG of exactly the size announced is kept, so whoever decodes it next (to draw
        # boxes, in the server) decodes a bounded image.
        if not payload.startswith(_PNG_MAGIC) or payload[12:16] != b"IHDR":
            raise _BadAnswer("the page is not a PNG")
        png_width, png_height = struct.unpack(">II", payload[16:24])
        if (png_width, png_height) != (width, height):
            raise _BadAnswer("the PNG's size differs from the one announced")
        return RenderedPage(
            png=payload,
            width_px=width,
            height_px=height,
            page_width_pt=page_width,
            page_height_pt=page_height,
            page_count=page_count,
        )


def _close_if_alive(ref: weakref.ref[PageRenderer]) -> None:
    renderer = ref()
    if renderer is not None:
        renderer.close()


class _TimedOut(Exception):
    pass


class _WorkerGone(Exception):
    """The worker exited, or closed its end, or broke the protocol, before answering."""


class _BadAnswer(Exception):
    """An answer that does not pass the checks: the worker is not to be trusted any more."""


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]

    @classmethod
    def start(cls, memory_limit_bytes: int) -> _Worker:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and file, no shell)
            [sys.executable, "-I", "-B", str(Path(__file__).resolve()), str(memory_limit_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={},
            cwd="/",
            start_new_session=True,
            close_fds=True,
        )
        worker = cls(process)
        try:
            answer, _ = worker.exchange(
                None, b"", deadline=time.monotonic() + START_TIME_LIMIT_S, max_payload=0
            )
        except BaseException:
            worker.kill()
            raise
        if answer.get("ready") is not True:
            worker.kill()
            raise _WorkerGone("no ready signal")
        return worker

    def exchange(
        self, header: bytes | None, payload: bytes, *, deadline: float, max_payload: int
    ) -> tuple[dict[str, Any], bytes]:
        """Send one frame (none when `header` is None) and read one back, by `deadline`."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None
        assert stdout is not None
        outgoing: list[memoryview] = []
        if header is not None:
            prefix = _PREFIX.pack(len(header), len(payload))
            outgoing = [memoryview(prefix + header), memoryview(payload)]
        reader = _FrameReader(max_payload)
        with selectors.DefaultSelector() as selector:
            os.set_blocking(stdout.fileno(), False)
            selector.register(stdout.fileno(), selectors.EVENT_READ)
            if any(len(part) for part in outgoing):
                os.set_blocking(stdin.fileno(), False)
                selector.register(stdin.fileno(), selectors.EVENT_WRITE)
            while not reader.done:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _TimedOut
                for key, _ in selector.select(remaining):
                    if key.fd == stdin.fileno():
                        if not _write_some(stdin.fileno(), outgoing):
                            selector.unregister(stdin.fileno())
                    else:
                        _read_some(stdout.fileno(), reader)
        return reader.result()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            logger.warning("Page render worker %s did not exit after SIGKILL", self.process.pid)


def _write_some(fd: int, outgoing: list[memoryview]) -> bool:
    """Write what the pipe takes; False once everything is written (or the worker has gone,
    which reading then reports)."""
    while outgoing and not len(outgoing[0]):
        outgoing.pop(0)
    if not outgoing:
        return False
    try:
        written = os.write(fd, outgoing[0][:_IO_CHUNK])
    except BlockingIOError:
        return True
    except OSError:
        # The worker closed its end (it exited); its answer, if any, is still readable.
        outgoing.clear()
        return False
    outgoing[0] = outgoing[0][written:]
    return any(len(part) for part in outgoing)


def _read_some(fd: int, reader: _FrameReader) -> None:
    try:
        chunk = os.read(fd, _IO_CHUNK)
    except BlockingIOError:
        return
    except OSError as problem:
        raise _WorkerGone(f"reading its answer failed: {problem!r}") from None
    if not chunk:
        raise _WorkerGone("it closed its output before answering")
    reader.feed(chunk)


class _FrameReader:
    """Collects one frame from the worker, refusing lengths past the limits as they arrive."""

    def __init__(self, max_payload: int) -> None:
        self._max_payload = max_payload
        self._buffer = bytearray()
        self._sizes: tuple[int, int] | None = None
        self.done = False

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk
        if self._sizes is None and len(self._buffer) >= _PREFIX.size:
            header_size, payload_size = _PREFIX.unpack_from(self._buffer)
            if header_size > _MAX_HEADER_BYTES or payload_size > self._max_payload:
                raise _WorkerGone(f"frame of {header_size} + {payload_size} bytes is too long")
            self._sizes = header_size, payload_size
        if self._sizes is not None:
            total = _PREFIX.size + sum(self._sizes)
            if len(self._buffer) > total:
                raise _WorkerGone("it sent more than one frame")
            self.done = len(self._buffer) == total

    def result(self) -> tuple[dict[str, Any], bytes]:
        assert self._sizes is not None
        header_size, _ = self._sizes
        header_end = _PREFIX.size + header_size
        try:
            answer = json.loads(bytes(self._buffer[_PREFIX.size : header_end]))
        except (ValueError, RecursionError):
            raise _WorkerGone("its answer is not JSON") from None
        if not isinstance(answer, dict):
            raise _WorkerGone("its answer is not a JSON object")
        return answer, bytes(self._buffer[header_end:])


def _positive_int(answer: dict[str, Any], key: str, *, limit: int) -> int:
    value = answer.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
        raise _BadAnswer(f"{key} is not a whole number from 1 to {limit}")
    return value


def _positive_float(answer: dict[str, Any], key: str) -> float:
    value = answer.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadAnswer(f"{key} is not a number")
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise _BadAnswer(f"{key} is not a positive number")
    return number


def _show_bytes(size: int) -> str:
    mib = size / 1024**2
    if mib >= 1024:
        return f"{mib / 1024:.1f}".removesuffix(".0") + " GB"
    return f"{mib:.0f} MB"


def _show_megapixels(pixels: int) -> str:
    megapixels = pixels / 1_000_000
    shown = f"{megapixels:,.0f}" if megapixels >= 10 else f"{megapixels:.1f}".removesuffix(".0")
    return f"{shown} megapixels"


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL_CHARS else text[: _MAX_DETAIL_CHARS - 1] + "…"


def _loggable(answer: dict[str, Any]) -> str:
    """The worker's own account of a failure, for the log only: repr'd and cut short."""
    return _cut(f"{answer.get('error')!r} {answer.get('detail')!r}")


# ---------------------------------------------------------------------------------------------
# The worker: everything below runs in the child process only (this file run as a script).
# ---------------------------------------------------------------------------------------------


class _Refused(Exception):
    """A file the worker will not or cannot draw, with the numbers for the sentence."""

    def __init__(self, code: str, detail: str = "", **numbers: int) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.numbers = numbers


def _child_main(argv: list[str]) -> int:
    import resource
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The protocol gets private copies of the pipes; file descriptors 0 and 1 then point at
    # /dev/null, so nothing a library prints can corrupt an answer.
    inbox = io.FileIO(os.dup(0), "rb")
    outbox = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)

    import pypdfium2
    from PIL import Image, JpegImagePlugin, PngImagePlugin

    del pypdfium2, JpegImagePlugin, PngImagePlugin  # imported now, so a render does not wait
    memory_limit = int(argv[0])
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_IMAGE_PIXELS
    _send(outbox, {"ready": True}, b"")
    while True:
        frame = _receive(inbox)
        if frame is None:
            return 0
        request, content = frame
        _limit_cpu(float(request.get("time_limit_s", DEFAULT_TIME_LIMIT_S)))
        try:
            answer, png = _render_request(request, content)
        except _Refused as refused:
            answer, png = {"error": refused.code, "detail": refused.detail, **refused.numbers}, b""
        except MemoryError:
            answer, png = {"error": _MEMORY, "detail": "MemoryError"}, b""
        except Exception as problem:
            answer, png = {"error": _FAILED, "detail": _describe(problem)}, b""
        del content
        _send(outbox, answer, png)


def _limit_cpu(seconds: float) -> None:
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    soft = math.ceil(spent + seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _receive(inbox: io.FileIO) -> tuple[dict[str, Any], bytearray] | None:
    prefix = _read_exact(inbox, _PREFIX.size)
    if prefix is None:
        return None
    header_size, payload_size = _PREFIX.unpack(prefix)
    header = _read_exact(inbox, header_size)
    payload = _read_exact(inbox, payload_size)
    if header is None or payload is None:
        return None
    return json.loads(bytes(header)), payload


def _read_exact(inbox: io.FileIO, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = inbox.readinto(view[got:])
        if not count:
            return None
        got += count
    return buffer


def _send(outbox: int, answer: dict[str, Any], payload: bytes) -> None:
    header = json.dumps(answer).encode("utf-8")
    data = memoryview(_PREFIX.pack(len(header), len(payload)) + header + payload)
    while data:
        data = data[os.write(outbox, data) :]


def _describe(problem: BaseException) -> str:
    return _cut(f"{type(problem).__name__}: {problem}")


def _render_request(request: dict[str, Any], content: bytearray) -> tuple[dict[str, Any], bytes]:
    kind = request["kind"]
    page = int(request["page"])
    max_pixels = int(request["max_pixels"])
    if kind == "pdf":
        return _render_pdf(content, page, dpi=float(request["dpi"]), max_pixels=max_pixels)
    return _render_image(
        content,
        kind,
        page,
        max_pixels=max_pixels,
        max_image_pixels=int(request["max_image_pixels"]),
    )


def _render_pdf(
    content: bytearray, page: int, *, dpi: float, max_pixels: int
) -> tuple[dict[str, Any], bytes]:
    import ctypes

    import pypdfium2 as pdfium

    # pdfium reads the bytes in place: a ctypes view of the buffer, not a copy of 100 MB.
    data = (ctypes.c_char * len(content)).from_buffer(content) if content else b""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as problem:
        code = {_PDFIUM_ERR_PASSWORD: _PDF_LOCKED, _PDFIUM_ERR_SECURITY: _PDF_SECURITY}.get(
            problem.err_code, _PDF_UNREADABLE
        )
        raise _Refused(code, _describe(problem)) from None
    try:
        # Filled-in form fields are drawn as the extractor saw them.
        with contextlib.suppress(pdfium.PdfiumError):
            document.init_forms()
        page_count = len(document)
        if not 1 <= page <= page_count:
            raise _Refused(_PAGE_RANGE, page_count=page_count)
        try:
            pdf_page = document[page - 1]
        except pdfium.PdfiumError as problem:
            # A page tree too deep or looping, a page object that is not one.
            raise _Refused(_PAGE_UNREADABLE, _describe(problem)) from None
        try:
            width_pt, height_pt = (float(size) for size in pdf_page.get_size())
            if not all(math.isfinite(s) and s > 0 for s in (width_pt, height_pt)):
                raise _Refused(_PAGE_NO_SIZE)
            scale = _pdf_scale(width_pt, height_pt, dpi=dpi, max_pixels=max_pixels)
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
            image = bitmap.to_pil()
            if image.mode != "RGB":
                image = image.convert("RGB")
        finally:
            pdf_page.close()
    finally:
        document.close()
    answer = {
        "ok": True,
        "width_px": image.width,
        "height_px": image.height,
        "page_width_pt": width_pt,
        "page_height_pt": height_pt,
        "page_count": page_count,
    }
    return answer, _png(image)


def _pdf_scale(width_pt: float, height_pt: float, *, dpi: float, max_pixels: int) -> float:
    """`dpi` / 72, or less so that pypdfium2's ceil(width) × ceil(height) fits `max_pixels`."""
    scale = dpi / 72

    def pixels(s: float) -> int:
        return max(1, math.ceil(width_pt * s)) * max(1, math.ceil(height_pt * s))

    if pixels(scale) > max_pixels:
        scale = math.sqrt(max_pixels / (width_pt * height_pt))
        while scale > 0 and pixels(scale) > max_pixels:
            scale *= 0.999
    return scale


def _render_image(
    content: bytearray, kind: str, page: int, *, max_pixels: int, max_image_pixels: int
) -> tuple[dict[str, Any], bytes]:
    import re
    import warnings

    from PIL import Image, UnidentifiedImageError

    if page != 1:
        raise _Refused(_PAGE_RANGE, page_count=1)
    # Pillow's decompression-bomb guard: it raises past twice the limit and warns past it;
    # the warning is made an error, so anything past the limit is refused before decoding.
    Image.MAX_IMAGE_PIXELS = max_image_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content), formats=["PNG" if kind == "png" else "JPEG"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as problem:
            found = re.search(r"\((\d+) pixels\)", str(problem))
            pixels = int(found.group(1)) if found else 0
            raise _Refused(_IMAGE_TOO_LARGE, _describe(problem), pixels=pixels) from None
        except (UnidentifiedImageError, SyntaxError, OSError, ValueError, EOFError) as problem:
            raise _Refused(_IMAGE_UNREADABLE, _describe(problem)) from None
    with image:
        width, height = image.size
        if width < 1 or height < 1:
            raise _Refused(_IMAGE_UNREADABLE, f"size {width}x{height}")
        if width * height > max_image_pixels:
            raise _Refused(_IMAGE_TOO_LARGE, pixels=width * height)
        target = _fit(width, height, max_pixels)
        if kind == "jpeg" and target != (width, height):
            # JPEG decodes at 1/2, 1/4 or 1/8 scale for free: less memory, less time.
            image.draft("RGB", target)
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError) as problem:
            raise _Refused(_IMAGE_UNREADABLE, _describe(problem)) from None
        turn = _orientation_turn(image)  # once loaded: a PNG reads its EXIF by loading
        rgb = _as_rgb(image)
    if rgb.size != target:
        rgb = rgb.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if turn is not None:
        # Upright, as a browser or a phone shows it (boxes are read in that frame).
        rgb = rgb.transpose(turn)
        if _sideways(turn):
            width, height = height, width
    answer = {
        "ok": True,
        "width_px": rgb.width,
        "height_px": rgb.height,
        "page_width_pt": float(width),
        "page_height_pt": float(height),
        "page_count": 1,
    }
    return answer, _png(rgb)


def _orientation_turn(image: Image.Image) -> Image.Transpose | None:
    """How a photo's EXIF Orientation says to turn it upright, if at all. A tag that cannot
    be read counts as none: the photo is drawn as stored."""
    from PIL import Image

    turns = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # EXIF is optional and hostile: any failure means "none"
        return None
    return turns.get(orientation) if isinstance(orientation, int) else None


def _sideways(turn: Image.Transpose) -> bool:
    """Whether the turn swaps width and height."""
    from PIL import Image

    return turn in (
        Image.Transpose.ROTATE_90,
        Image.Transpose.ROTATE_270,
        Image.Transpose.TRANSPOSE,
        Image.Transpose.TRANSVERSE,
    )


def _fit(width: int, height: int, max_pixels: int) -> tuple[int, int]:
    """The largest size of the same shape within `max_pixels` (the size itself if it fits)."""
    if width * height <= max_pixels:
        return width, height
    factor = math.sqrt(max_pixels / (width * height))
    return max(1, math.floor(width * factor)), max(1, math.floor(height * factor))


def _as_rgb(image: Any) -> Any:
    """RGB, with transparency laid on white paper and 16-bit grey brought down to 8 bits."""
    from PIL import Image

    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    # Level 1, not the default 6: a text page's PNG is ~15% larger (98 KB against 86 KB), a
    # scanned page's is smaller and encodes 4x faster (0.13 s against 0.53 s).
    image.save(buffer, format="PNG", optimize=False, compress_level=1)
    return buffer.getvalue()


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
