"""Boxes drawn on a rendered page: each field in its own colour, each box outlined and
numbered, a box that leaves the page clamped to its edge and marked "!".

Only pages the render worker made are drawn on (PNG bytes of a bounded size), so decoding
them here, in the server's process, reads nothing untrusted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from run_inspector.source.boxes import PixelBox

# Okabe-Ito: told apart with the common colour-vision deficiencies, and dark enough to see
# on white paper.
PALETTE: Final = (
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (230, 159, 0),
    (0, 0, 0),
)
# What the legend calls each colour, in PALETTE's order.
PALETTE_NAMES: Final = ("blue", "orange", "green", "pink", "sky blue", "yellow", "black")
OUTLINE_PX: Final = 3
LABEL_FONT_PX: Final = 16
LABEL_PAD_PX: Final = 3


@dataclass(frozen=True)
class FieldBoxes:
    """One field's boxes on this page, drawn in `PALETTE[colour % len(PALETTE)]`."""

    colour: int
    boxes: tuple[PixelBox, ...]


def colour_of(index: int) -> tuple[int, int, int]:
    return PALETTE[index % len(PALETTE)]


def colour_name(index: int) -> str:
    return PALETTE_NAMES[index % len(PALETTE_NAMES)]


def draw_boxes(png: bytes, fields: Sequence[FieldBoxes]) -> bytes:
    """The page with every field's boxes on it, as PNG."""
    with Image.open(io.BytesIO(png)) as opened:
        page = opened.convert("RGB")
    pen = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=LABEL_FONT_PX)
    for field in fields:
        colour = colour_of(field.colour)
        for box in field.boxes:
            _draw_box(pen, page.size, box, colour, font)
    out = io.BytesIO()
    page.save(out, format="PNG", compress_level=1)  # fast; pages are mostly white
    return out.getvalue()


def _draw_box(
    pen: ImageDraw.ImageDraw,
    size: tuple[int, int],
    box: PixelBox,
    colour: tuple[int, int, int],
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    width, height = size
    # Outlined outside the box (Pillow draws a width inwards), so no boxed glyph is covered.
    grow = OUTLINE_PX
    left, right = sorted((_clamp(box.left - grow, width), _clamp(box.right + grow, width)))
    top, bottom = sorted((_clamp(box.top - grow, height), _clamp(box.bottom + grow, height)))
    pen.rectangle((left, top, right, bottom), outline=colour, width=OUTLINE_PX)
    label = f"{box.number}!" if box.outside else str(box.number)
    text_left, text_top, text_right, text_bottom = pen.textbbox((0, 0), label, font=font)
    label_w = text_right - text_left + 2 * LABEL_PAD_PX
    label_h = text_bottom - text_top + 2 * LABEL_PAD_PX
    # Above the box when there is room, so the label hides none of the boxed text.
    x = min(max(left, 0), max(width - label_w, 0))
    y = top - label_h if top - label_h >= 0 else min(bottom, max(height - label_h, 0))
    pen.rectangle((x, y, x + label_w, y + label_h), fill=colour)
    pen.text((x + LABEL_PAD_PX - text_left, y + LABEL_PAD_PX - text_top), label,
             fill=(255, 255, 255), font=font)  # fmt: skip


def _clamp(value: int, limit: int) -> int:
    return min(max(value, 0), limit - 1)
