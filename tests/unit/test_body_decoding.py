"""A compressed body unpacks to exactly what was packed, however it arrives in pieces, and no
piece it unpacks to is longer than asked."""

from __future__ import annotations

import gzip
import itertools
import zlib
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from run_inspector.source.body_decoding import decoded_pieces

PACKERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda body: gzip.compress(body),
    "deflate": lambda body: zlib.compress(body),
}


@given(
    body=st.binary(max_size=4096).map(lambda b: b * 7),  # repeats, so it packs well
    cuts=st.lists(st.integers(min_value=0, max_value=30_000), max_size=6),
    piece_bytes=st.integers(min_value=1, max_value=5_000),
    encoding=st.sampled_from(sorted(PACKERS)),
)
def test_any_arrival_unpacks_to_the_body_in_bounded_pieces(
    body: bytes, cuts: list[int], piece_bytes: int, encoding: str
) -> None:
    packed = PACKERS[encoding](body)
    bounds = [0, *sorted(c % (len(packed) + 1) for c in cuts), len(packed)]
    arriving = [packed[a:b] for a, b in itertools.pairwise(bounds)]

    pieces = list(decoded_pieces(arriving, encoding, piece_bytes))

    assert b"".join(pieces) == body
    assert all(0 < len(piece) <= piece_bytes for piece in pieces)
