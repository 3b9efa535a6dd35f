"""The render worker: pages drawn in a separate process, and every hostile or broken file ends
in a sentence within the time limit, with the next render working.

Limits are short (1 s, 512 MB) to keep the file fast. Every hostile file here is made in the
test and really is hostile: the slow PDF fills its page 100,000 times (about 100 s of work
for pdfium), the bomb is a real 30000×30000 PNG of about 100 KB.
"""

from __future__ import annotations

import io
import math
import os
import re
import signal
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from run_inspector.source.file_type import SourceKind, sniff
from run_inspector.source.render_worker import (
    PageRenderer,
    RenderedPage,
    RenderError,
    _BadAnswer,
)

TIME_LIMIT_S = 1.0
MEMORY_LIMIT = 512 * 1024**2
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# --- Files made here ------------------------------------------------------------------------


def blank_pdf(*sizes: tuple[float, float]) -> bytes:
    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalog), written by hand."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_with_content(content: bytes, *, media_box: str = "0 0 612 792") -> bytes:
    """A one-page PDF whose page draws `content` (Flate-compressed), written by hand."""
    stream = zlib.compress(content, 9)
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R >>" % media_box.encode(),
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def grey_1bit_png(width: int, height: int, *, rows: int | None = None) -> bytes:
    """A black 1-bit PNG, its rows compressed as they are made (never all in memory).

    `rows` writes fewer rows than the header claims: a PNG that lies about its size.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = bytes(1 + math.ceil(width / 8))
    compressor = zlib.compressobj(9)
    parts = []
    left = height if rows is None else rows
    while left:
        batch = min(left, 1000)
        parts.append(compressor.compress(row * batch))
        left -= batch
    parts.append(compressor.flush())
    idat = b"".join(parts)
    return PNG_MAGIC + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def pillow_image(size: tuple[int, int], file_format: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode != "RGBA" else (255, 0, 0, 0)).save(buffer, file_format)
    return buffer.getvalue()


SMALL_PDF = blank_pdf((612, 792), (300, 400), (200, 100))
# Each operator fills the whole page: about 1 ms of pdfium's time apiece at 150 dpi.
SLOW_PDF = pdf_with_content(b"0 0 612 792 re f\n" * 100_000)


# --- Renderers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renderer() -> Iterator[PageRenderer]:
    made = PageRenderer(time_limit_s=TIME_LIMIT_S, memory_limit_bytes=MEMORY_LIMIT)
    yield made
    made.close()


@pytest.fixture(scope="module")
def small_renderer() -> Iterator[PageRenderer]:
    """Few pixels allowed: pages and images are scaled down to fit."""
    made = PageRenderer(
        time_limit_s=TIME_LIMIT_S,
        memory_limit_bytes=MEMORY_LIMIT,
        max_pixels=10_000,
        max_image_pixels=1_000_000,
    )
    yield made
    made.close()


def assert_renders(renderer: PageRenderer) -> RenderedPage:
    """A good file still renders: the worker (a fresh one after a failure) works."""
    page = renderer.render(SMALL_PDF, "pdf", 1)
    assert page.png.startswith(PNG_MAGIC)
    return page


def png_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGB"
        return image.size


# --- Rendering ------------------------------------------------------------------------------


def test_a_pdf_page_is_drawn_at_150_dpi(renderer: PageRenderer) -> None:
    page = renderer.render(SMALL_PDF, "pdf", 1)

    assert page.png.startswith(PNG_MAGIC)
    assert png_size(page.png) == (page.width_px, page.height_px)
    assert abs(page.width_px - 612 * 150 / 72) <= 1
    assert abs(page.height_px - 792 * 150 / 72) <= 1
    assert (page.page_width_pt, page.page_height_pt) == (612, 792)
    assert page.page_count == 3


def test_each_page_is_drawn_at_its_own_size(renderer: PageRenderer) -> None:
    page = renderer.render(SMALL_PDF, "pdf", 3)

    assert (page.page_width_pt, page.page_height_pt) == (200, 100)
    assert abs(page.width_px - 200 * 150 / 72) <= 1
    assert abs(page.height_px - 100 * 150 / 72) <= 1


def test_the_page_is_drawn_not_blank(renderer: PageRenderer) -> None:
    black_square = pdf_with_content(b"0 0 0 rg 100 100 200 200 re f\n")

    page = renderer.render(black_square, "pdf", 1)

    with Image.open(io.BytesIO(page.png)) as image:
        # PDF y points up: the square is 100 pt above the bottom edge, 100 pt from the left.
        inside = (round(200 * 150 / 72), page.height_px - round(200 * 150 / 72))
        assert image.getpixel(inside) == (0, 0, 0)
        assert image.getpixel((5, 5)) == (255, 255, 255)


def test_a_very_large_page_is_scaled_down_to_the_pixel_cap(small_renderer: PageRenderer) -> None:
    page = small_renderer.render(blank_pdf((14_400, 7_200)), "pdf", 1)

    assert page.width_px * page.height_px <= 10_000
    assert page.width_px * page.height_px > 9_000
    assert abs(page.width_px / page.height_px - 2) < 0.05
    assert (page.page_width_pt, page.page_height_pt) == (14_400, 7_200)


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        (7, "The file has 3 pages; page 7 was cited."),
        (0, "The file has 3 pages; page 0 was cited."),
    ],
)
def test_a_page_out_of_range_says_how_many_pages_there_are(
    renderer: PageRenderer, page: int, sentence: str
) -> None:
    assert_renders(renderer)
    pid = renderer.worker_pid

    with pytest.raises(RenderError) as raised:
        renderer.render(SMALL_PDF, "pdf", page)

    assert str(raised.value) == sentence
    # The file was read without trouble: the worker is kept.
    assert renderer.worker_pid == pid


@pytest.mark.parametrize(
    ("file_format", "kind", "mode"),
    [("PNG", "png", "RGB"), ("PNG", "png", "RGBA"), ("PNG", "png", "1"), ("JPEG", "jpeg", "RGB")],
)
def test_an_image_is_drawn_at_its_own_size(
    renderer: PageRenderer, file_format: str, kind: str, mode: str
) -> None:
    content = pillow_image((320, 200), file_format, mode)

    page = renderer.render(content, kind, 1)  # type: ignore[arg-type]

    assert (page.width_px, page.height_px) == (320, 200)
    assert png_size(page.png) == (320, 200)
    # An image's size "in points" is its size in pixels.
    assert (page.page_width_pt, page.page_height_pt) == (320, 200)
    assert page.page_count == 1


def test_a_transparent_image_is_drawn_on_white(renderer: PageRenderer) -> None:
    page = renderer.render(pillow_image((10, 10), "PNG", "RGBA"), "png", 1)

    with Image.open(io.BytesIO(page.png)) as image:
        assert image.getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(("file_format", "kind"), [("PNG", "png"), ("JPEG", "jpeg")])
def test_a_large_image_is_scaled_down_to_the_pixel_cap(
    small_renderer: PageRenderer, file_format: str, kind: str
) -> None:
    page = small_renderer.render(pillow_image((1_000, 500), file_format), kind, 1)  # type: ignore[arg-type]

    assert page.width_px * page.height_px <= 10_000
    assert abs(page.width_px / page.height_px - 2) < 0.05
    assert png_size(page.png) == (page.width_px, page.height_px)
    assert (page.page_width_pt, page.page_height_pt) == (1_000, 500)


def test_an_image_has_only_page_one(renderer: PageRenderer) -> None:
    with pytest.raises(RenderError) as raised:
        renderer.render(pillow_image((10, 10), "PNG"), "png", 2)

    assert str(raised.value) == "The file has 1 page; page 2 was cited."


# --- Hostile and broken files ---------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
        b"%PDF-",
        b"",
        b"not a PDF at all",
        SMALL_PDF[:30],
    ],
    ids=["garbage-after-header", "header-only", "empty", "not-a-pdf", "truncated"],
)
def test_a_corrupt_pdf_gives_a_sentence_and_the_next_render_works(
    renderer: PageRenderer, content: bytes
) -> None:
    starts = renderer.starts

    with pytest.raises(RenderError) as raised:
        renderer.render(content, "pdf", 1)

    assert str(raised.value) == "The PDF could not be read: it is damaged or not a PDF."
    assert_renders(renderer)
    assert renderer.starts == starts + 1, "a fresh worker after the failure"


def deep_page_tree(depth: int) -> bytes:
    """One page under `depth` nested /Pages nodes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 %s>>" % (number + 1, parent))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % (depth + 1))
    return write_pdf(objects)


LOOPING_PAGE_TREE = write_pdf(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
)


@pytest.mark.parametrize(
    ("content", "page"),
    [(deep_page_tree(5_000), 1), (LOOPING_PAGE_TREE, 2)],
    ids=["5000-levels-deep", "a-node-its-own-kid"],
)
def test_a_broken_page_tree_gives_a_sentence(
    renderer: PageRenderer, content: bytes, page: int
) -> None:
    with pytest.raises(RenderError) as raised:
        renderer.render(content, "pdf", page)

    assert str(raised.value) == f"Page {page} of the PDF could not be read: the file is damaged."
    assert_renders(renderer)


@pytest.mark.parametrize(
    "content",
    [
        re.sub(rb"startxref\n\d+", b"startxref\n999999", SMALL_PDF),
        re.sub(rb"\d{10} 00000 n", b"0000000003 00000 n", SMALL_PDF),
    ],
    ids=["startxref-past-the-end", "every-offset-wrong"],
)
def test_a_corrupt_cross_reference_table_is_rebuilt_as_pdf_readers_do(
    renderer: PageRenderer, content: bytes
) -> None:
    page = renderer.render(content, "pdf", 2)

    assert (page.page_width_pt, page.page_height_pt, page.page_count) == (300, 400, 3)


def test_a_pdf_that_takes_too_long_is_stopped_at_the_limit(renderer: PageRenderer) -> None:
    assert_renders(renderer)
    starts = renderer.starts

    began = time.monotonic()
    with pytest.raises(RenderError) as raised:
        renderer.render(SLOW_PDF, "pdf", 1)
    took = time.monotonic() - began

    assert str(raised.value) == "Drawing this page took longer than 1 s, so it was stopped."
    assert TIME_LIMIT_S <= took < TIME_LIMIT_S + 1
    assert_renders(renderer)
    assert renderer.starts == starts + 1


def test_a_decompression_bomb_is_refused_before_it_is_decoded(renderer: PageRenderer) -> None:
    bomb = grey_1bit_png(30_000, 30_000)
    assert len(bomb) < 200_000  # 900 megapixels in about 100 KB

    began = time.monotonic()
    with pytest.raises(RenderError) as raised:
        renderer.render(bomb, "png", 1)

    assert time.monotonic() - began < TIME_LIMIT_S
    assert str(raised.value) == (
        "This image is too large to draw (900 megapixels; the limit is 100 megapixels)."
    )
    assert_renders(renderer)


def test_a_png_header_claiming_a_huge_image_is_refused(renderer: PageRenderer) -> None:
    liar = grey_1bit_png(100_000, 100_000, rows=1)

    with pytest.raises(RenderError) as raised:
        renderer.render(liar, "png", 1)

    assert str(raised.value) == (
        "This image is too large to draw (10,000 megapixels; the limit is 100 megapixels)."
    )
    assert_renders(renderer)


def test_a_png_cut_short_gives_a_sentence(renderer: PageRenderer) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 64).save(buffer, "PNG")
    cut_short = buffer.getvalue()[: len(buffer.getvalue()) // 2]

    with pytest.raises(RenderError) as raised:
        renderer.render(cut_short, "png", 1)

    assert str(raised.value) == "The image could not be read: it is damaged or not a PNG."
    assert_renders(renderer)


@pytest.mark.parametrize(
    ("content", "kind", "sentence"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "png", "damaged or not a PNG."),
        (pillow_image((50, 50), "JPEG")[:200], "jpeg", "damaged or not a JPEG."),
        (pillow_image((50, 50), "PNG"), "jpeg", "damaged or not a JPEG."),
    ],
    ids=["png-garbage", "jpeg-truncated", "png-called-jpeg"],
)
def test_a_broken_image_gives_a_sentence(
    renderer: PageRenderer, content: bytes, kind: str, sentence: str
) -> None:
    with pytest.raises(RenderError) as raised:
        renderer.render(content, kind, 1)  # type: ignore[arg-type]

    assert str(raised.value) == f"The image could not be read: it is {sentence}"
    assert_renders(renderer)


def test_a_worker_that_dies_mid_render_gives_a_sentence(renderer: PageRenderer) -> None:
    assert_renders(renderer)
    pid = renderer.worker_pid
    assert pid is not None
    killer = threading.Timer(0.3, os.kill, (pid, signal.SIGKILL))
    killer.start()

    began = time.monotonic()
    with pytest.raises(RenderError) as raised:
        renderer.render(SLOW_PDF, "pdf", 1)

    killer.join()
    assert time.monotonic() - began < TIME_LIMIT_S
    assert str(raised.value).startswith("The page renderer stopped while drawing this page")
    assert_renders(renderer)
    assert renderer.worker_pid != pid


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        # 30000 × 30000 px at 150 dpi is 2.7 GB of RGB: ctypes cannot allocate it.
        (blank_pdf((14_400, 14_400)), "pdf"),
        # 16000 × 16000 px decoded (256 MB) and made RGB (768 MB).
        (grey_1bit_png(16_000, 16_000), "png"),
    ],
    ids=["pdf-bitmap", "png-pixels"],
)
def test_a_render_past_the_memory_limit_gives_a_sentence(content: bytes, kind: str) -> None:
    renderer = PageRenderer(
        time_limit_s=5,
        memory_limit_bytes=MEMORY_LIMIT,
        max_pixels=2_000_000_000,
        max_image_pixels=2_000_000_000,
    )
    try:
        with pytest.raises(RenderError) as raised:
            renderer.render(content, kind, 1)  # type: ignore[arg-type]

        assert str(raised.value) == (
            "Drawing this page needed more than 512 MB of memory, so it was stopped."
        )
        assert_renders(renderer)
        assert renderer.starts == 2
    finally:
        renderer.close()


# --- The worker process ---------------------------------------------------------------------


def test_the_worker_runs_with_its_limits_and_no_environment(renderer: PageRenderer) -> None:
    assert_renders(renderer)
    pid = renderer.worker_pid
    assert pid is not None
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        pytest.skip("needs Linux's /proc")

    limits = {
        line[:26].strip(): line[26:].split()[:2]
        for line in (proc / "limits").read_text().splitlines()[1:]
    }
    assert limits["Max address space"] == [str(MEMORY_LIMIT)] * 2
    assert limits["Max file size"] == ["0", "0"]
    assert limits["Max core file size"] == ["0", "0"]
    # No API key (nor anything else) is handed to the process that reads untrusted files.
    assert (proc / "environ").read_bytes() == b""
    assert os.getsid(pid) == pid, "its own session: a Ctrl-C is the server's"


def test_renders_from_many_threads_share_one_worker(renderer: PageRenderer) -> None:
    assert_renders(renderer)
    starts = renderer.starts
    results: list[RenderedPage | Exception] = []

    def render(page: int) -> None:
        try:
            results.append(renderer.render(SMALL_PDF, "pdf", page))
        except Exception as problem:
            results.append(problem)

    threads = [threading.Thread(target=render, args=(1 + n % 3,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(result, RenderedPage) for result in results)
    assert len(results) == 12
    assert renderer.starts == starts


def test_a_closed_renderer_refuses_to_render() -> None:
    renderer = PageRenderer(time_limit_s=TIME_LIMIT_S, memory_limit_bytes=MEMORY_LIMIT)
    assert_renders(renderer)
    pid = renderer.worker_pid
    assert pid is not None

    renderer.close()

    with pytest.raises(RenderError, match="shut down"):
        renderer.render(SMALL_PDF, "pdf", 1)
    assert renderer.worker_pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_an_answer_that_fails_its_checks_is_not_kept() -> None:
    renderer = PageRenderer()  # no worker is started: only the checks run
    good: dict[str, Any] = {
        "ok": True,
        "width_px": 10,
        "height_px": 10,
        "page_width_pt": 10.0,
        "page_height_pt": 10.0,
        "page_count": 1,
    }
    png = pillow_image((10, 10), "PNG")
    assert renderer._accept(good, png, kind="png", page=1).png == png

    forgeries: list[tuple[dict[str, Any], bytes]] = [
        ({**good, "width_px": 11}, png),  # not the PNG's own size
        ({**good, "width_px": 100_000, "height_px": 100_000}, png),  # past the pixel cap
        ({**good, "page_count": 2}, png),  # an image with two pages
        ({**good, "page_width_pt": float("nan")}, png),
        (good, b"GIF89a" + png),
        ({"error": "something new"}, b""),
    ]
    for forged, payload in forgeries:
        with pytest.raises(_BadAnswer):
            renderer._accept(forged, payload, kind="png", page=1)
    renderer.close()


# --- Sniffing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind", "label"),
    [
        (SMALL_PDF, "pdf", "a PDF"),
        (b"\x00" * 500 + b"%PDF-1.4\n", "pdf", "a PDF"),
        (pillow_image((4, 4), "PNG"), "png", "a PNG image"),
        (pillow_image((4, 4), "JPEG"), "jpeg", "a JPEG image"),
        (
            b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
            "other",
            "an Office document or other ZIP file",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "other",
            "an older Office document (.doc, .xls or .ppt)",
        ),
        (pillow_image((4, 4), "GIF"), "other", "a GIF image"),
        (pillow_image((4, 4), "TIFF"), "other", "a TIFF image"),
        (pillow_image((4, 4), "WEBP"), "other", "a WebP image"),
        (pillow_image((4, 4), "BMP"), "other", "a BMP image"),
        (b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00", "other", "a HEIC or AVIF image"),
        (b"{\\rtf1\\ansi hello}", "other", "an RTF document"),
        (b"\n  <!DOCTYPE html><html><body>Sign in</body></html>", "other", "an HTML page"),
        (b"<HTML>\n<p>x</p>", "other", "an HTML page"),
        (b'<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', "other", "an XML file"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html><html>', "other", "an HTML page"),
        (b'{"id": "run-1", "data": {}}', "other", "a JSON file"),
        (b"invoice number,total\n1,2\n", "other", "a plain-text file"),
        ("Rechnung über 5 €\n".encode() * 200, "other", "a plain-text file"),
        ("Facture n° 1".encode("cp1252"), "other", "a plain-text file"),
        ("\ufeffhello".encode("utf-16-le"), "other", "a plain-text file"),
        (b"", "other", "an empty file"),
        (bytes(range(256)), "other", "a file of unknown type"),
    ],
)
def test_sniff_tells_the_kind_from_the_first_bytes(content: bytes, kind: str, label: str) -> None:
    assert sniff(content) == SourceKind(kind, label)  # type: ignore[arg-type]


def test_sniff_reads_only_the_first_1024_bytes() -> None:
    assert sniff(b" " * 1019 + b"%PDF-").kind == "pdf"
    assert sniff(b" " * 1020 + b"%PDF-").kind == "other"
    # A binary signature at the start wins over a PDF header further in.
    assert sniff(pillow_image((4, 4), "PNG") + b"%PDF-").kind == "png"


@pytest.mark.parametrize(
    ("kind", "drawable"), [("pdf", "pdf"), ("png", "png"), ("jpeg", "jpeg"), ("other", None)]
)
def test_only_pdf_png_and_jpeg_are_drawable(kind: str, drawable: str | None) -> None:
    assert SourceKind(kind, "x").drawable == drawable  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("orientation", "size", "red_corner"),
    [
        (1, (300, 200), (0, 0)),
        (3, (300, 200), (299, 199)),
        (6, (200, 300), (199, 0)),
        (8, (200, 300), (0, 299)),
    ],
    ids=["upright", "upside-down", "turned-right", "turned-left"],
)
def test_a_photo_is_drawn_upright_as_its_exif_orientation_says(
    renderer: PageRenderer, orientation: int, size: tuple[int, int], red_corner: tuple[int, int]
) -> None:
    """A phone stores a photo as its sensor saw it and says in EXIF how to turn it; a browser
    shows it turned, and so does the view (its size "in points" is the turned size)."""
    stored = Image.new("RGB", (300, 200), "white")
    stored.paste((255, 0, 0), (0, 0, 30, 30))  # a red square in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif, quality=95)

    page = renderer.render(buffer.getvalue(), "jpeg", 1)

    assert (page.width_px, page.height_px) == size
    assert (page.page_width_pt, page.page_height_pt) == (float(size[0]), float(size[1]))
    with Image.open(io.BytesIO(page.png)) as drawn:
        red, green, blue = drawn.convert("RGB").getpixel(red_corner)  # type: ignore[misc]
    assert red > 200
    assert green < 60
    assert blue < 60
