"""A downloaded body's Content-Encoding undone in bounded pieces.

The download asks for `identity`, but a file server may compress anyway. httpx inflates each
piece it receives in one go, so 64 KB of gzip could become some 64 MB in memory before the
size limit is checked. Here no piece inflates past `piece_bytes`, so the limit stops a
decompression bomb within one piece of it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Final

PIECE_BYTES: Final = 64 * 1024
_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS
_ZLIB_WBITS: Final = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS: Final = -zlib.MAX_WBITS


class UnreadableEncodingError(ValueError):
    """The body is compressed in a way not read here, or its compressed stream is broken."""


def decoded_pieces(
    raw: Iterable[bytes], content_encoding: str, piece_bytes: int = PIECE_BYTES
) -> Iterator[bytes]:
    """The body behind `raw` (the bytes as sent), each piece at most `piece_bytes` long.
    An empty body is empty whatever it is labelled."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        yield from raw
    elif encoding in ("gzip", "x-gzip"):
        yield from _inflated(raw, _GZIP_WBITS, piece_bytes, members=True)
    elif encoding == "deflate":
        yield from _deflated(raw, piece_bytes)
    else:  # br, zstd, several encodings stacked, …: the download asked for none of them
        raise UnreadableEncodingError("unsupported content encoding")


def _deflated(raw: Iterable[bytes], piece_bytes: int) -> Iterator[bytes]:
    """`deflate` is meant to be zlib-wrapped, but some servers send a bare deflate stream;
    the first two bytes tell them apart (as browsers and httpx do)."""
    pieces = iter(raw)
    head = b""
    for piece in pieces:
        head += piece
        if len(head) >= 2:
            break
    wbits = _ZLIB_WBITS if _is_zlib_header(head) else _RAW_DEFLATE_WBITS
    yield from _inflated(_chain(head, pieces), wbits, piece_bytes, members=False)


def _is_zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _inflated(
    raw: Iterable[bytes], wbits: int, piece_bytes: int, *, members: bool
) -> Iterator[bytes]:
    """`members`: gzip may send several members one after another (`cat a.gz b.gz`), each
    inflated in turn; anything after the one deflate stream is a broken body."""
    inflater = zlib.decompressobj(wbits)
    started = False
    try:
        for piece in raw:
            pending = piece
            while pending:
                started = True
                if inflater.eof:
                    if not members:
                        raise UnreadableEncodingError("data after the compressed body")
                    inflater = zlib.decompressobj(wbits)
                out = inflater.decompress(pending, piece_bytes)
                # A full piece may leave output inside zlib with no input left: drain it.
                while out:
                    yield out
                    if len(out) < piece_bytes or inflater.eof or inflater.unconsumed_tail:
                        break
                    out = inflater.decompress(b"", piece_bytes)
                pending = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        if started and not inflater.eof:
            raise UnreadableEncodingError("the compressed body ends early")
    except zlib.error:
        raise UnreadableEncodingError("the compressed body is broken") from None
