"""A compressed body unpacks to exactly what was packed, however it arrives in pieces, and no
piece it unpacks to is longer than asked."""

from __future__ import annotations

import gzip
import itertools
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from run_inspector.source.body_decoding import UnreadableEncodingError, decoded_pieces

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


def test_gzip_members_sent_one_after_another_are_all_read() -> None:
    packed = gzip.compress(b"first, ") + gzip.compress(b"second")
    arriving = [packed[:5], packed[5:30], packed[30:]]
    assert b"".join(decoded_pieces(arriving, "gzip", 4)) == b"first, second"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_an_empty_body_is_empty_whatever_its_label(encoding: str) -> None:
    assert list(decoded_pieces([b"", b""], encoding)) == []


@pytest.mark.parametrize(
    ("encoding", "packed", "why"),
    [
        ("gzip", gzip.compress(b"x" * 1000)[:-9], "ends early"),
        ("gzip", gzip.compress(b"x") + b"junk after it", "broken"),
        ("deflate", zlib.compress(b"x") + b"more", "data after the compressed body"),
        ("deflate", b"\xff\xff not deflate", "broken"),
        ("br", b"anything", "unsupported"),
    ],
)
def test_a_body_that_does_not_unpack_whole_is_refused(
    encoding: str, packed: bytes, why: str
) -> None:
    with pytest.raises(UnreadableEncodingError, match=why):
        list(decoded_pieces([packed], encoding))
