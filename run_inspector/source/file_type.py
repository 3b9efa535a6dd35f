"""What kind of file a cited source is, told from its first bytes alone.

Names and Content-Type headers are never consulted: v2 jobs carry no file name, a presigned
link's Content-Type is whatever the uploader said, and a customer's attachment may be renamed.
Only PDF, PNG and JPEG can be drawn; every other kind gets a label for a sentence such as
"This source (an Office document or other ZIP file) cannot be drawn."
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final, Literal

DrawableKind = Literal["pdf", "png", "jpeg"]

# PDF readers (Acrobat, pdfium) accept a header anywhere in the first 1024 bytes.
PDF_HEADER_WINDOW: Final = 1024
_PDF_HEADER: Final = b"%PDF-"
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC: Final = b"\xff\xd8\xff"
# ZIP local file header, empty archive, spanned archive: DOCX, XLSX, PPTX, ODF and EPUB too.
_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# OLE2 compound file: .doc, .xls, .ppt and .msg before Office 2007.
_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TIFF_MAGICS: Final = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_HEIF_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis"}
)
# BITMAPINFOHEADER sizes a BMP's DIB header may have; "BM" alone is too weak a signature.
_BMP_DIB_SIZES: Final = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
_TEXT_WINDOW: Final = 1024
# The WHATWG MIME sniffing standard's HTML openers (each followed by a space or ">").
_HTML_START: Final = re.compile(
    rb"<(?:!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p"
    rb"|!--)[ \t\n\f\r>]",
    re.IGNORECASE,
)
# Control characters that do not occur in text: all below 0x20 except tab, LF, FF, CR, ESC.
_BINARY_CONTROL: Final = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True)
class SourceKind:
    """A sniffed file type: `kind` for code, `label` for a sentence ("a PDF", "a GIF image")."""

    kind: Literal["pdf", "png", "jpeg", "other"]
    label: str

    @property
    def drawable(self) -> DrawableKind | None:
        """The kind to hand the renderer, or None when this file cannot be drawn."""
        return None if self.kind == "other" else self.kind


PDF: Final = SourceKind("pdf", "a PDF")
PNG: Final = SourceKind("png", "a PNG image")
JPEG: Final = SourceKind("jpeg", "a JPEG image")
ZIP: Final = SourceKind("other", "an Office document or other ZIP file")
OLD_OFFICE: Final = SourceKind("other", "an older Office document (.doc, .xls or .ppt)")
GIF: Final = SourceKind("other", "a GIF image")
TIFF: Final = SourceKind("other", "a TIFF image")
WEBP: Final = SourceKind("other", "a WebP image")
BMP: Final = SourceKind("other", "a BMP image")
HEIF: Final = SourceKind("other", "a HEIC or AVIF image")
RTF: Final = SourceKind("other", "an RTF document")
HTML: Final = SourceKind("other", "an HTML page")
XML: Final = SourceKind("other", "an XML file")
JSON: Final = SourceKind("other", "a JSON file")
TEXT: Final = SourceKind("other", "a plain-text file")
EMPTY: Final = SourceKind("other", "an empty file")
UNKNOWN: Final = SourceKind("other", "a file of unknown type")


def sniff(content: bytes) -> SourceKind:
    """The kind of `content`, read from its first 1024 bytes (the rest is never looked at)."""
    head = bytes(content[:PDF_HEADER_WINDOW])
    if not head:
        return EMPTY
    if head.startswith(_PDF_HEADER):
        return PDF
    binary = _binary_kind(head)
    if binary is not None:
        return binary
    if _PDF_HEADER in head:
        return PDF
    return _text_kind(head[:_TEXT_WINDOW])


def _binary_kind(head: bytes) -> SourceKind | None:
    if head.startswith(_PNG_MAGIC):
        return PNG
    if head.startswith(_JPEG_MAGIC):
        return JPEG
    if head.startswith(_ZIP_MAGICS):
        return ZIP
    if head.startswith(_OLE2_MAGIC):
        return OLD_OFFICE
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(_TIFF_MAGICS):
        return TIFF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return HEIF
    if (
        head.startswith(b"BM")
        and len(head) >= 18
        and int.from_bytes(head[14:18], "little") in _BMP_DIB_SIZES
    ):
        return BMP
    if head.startswith(b"{\\rtf"):
        return RTF
    return None


def _text_kind(head: bytes) -> SourceKind:
    text = _as_text(head)
    if text is None:
        return UNKNOWN
    start = text.lstrip(b" \t\n\f\r")
    if _HTML_START.match(start):
        return HTML
    if start[:5].lower() == b"<?xml":
        # XHTML is HTML to a person; an S3 error body (<?xml …><Error>) is XML.
        return HTML if re.search(rb"<(?:!doctype html|html)[ \t\n\f\r>]", start, re.I) else XML
    if start[:1] in (b"{", b"["):
        return JSON
    return TEXT


def _as_text(head: bytes) -> bytes | None:
    """`head` as bytes to match markup against when it reads as text, else None.

    UTF-16 needs its BOM. Anything else is text when no control character that text never
    holds (NUL and most below 0x20) occurs: UTF-8, but also Latin-1 or Windows-1252 files.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            # Not final: a character cut at the window's end is no reason to say "binary".
            text = codecs.getincrementaldecoder(codec)().decode(head[2:], final=False)
        except UnicodeDecodeError:
            return None
        head = text.encode("utf-8", errors="replace")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return None if _BINARY_CONTROL.search(head) else head
