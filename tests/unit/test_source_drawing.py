"""Boxes drawn on a page: outlined in the field's colour, numbered above the box, a box past
the page's edge drawn at the edge and marked with "!"."""

from __future__ import annotations

import io

from PIL import Image

from run_inspector.source.boxes import PixelBox
from run_inspector.source.drawing import OUTLINE_PX, FieldBoxes, colour_of, draw_boxes

WHITE = (255, 255, 255)


def blank_page(width: int = 400, height: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), WHITE).save(out, format="PNG")
    return out.getvalue()


def opened(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_a_box_is_outlined_in_its_fields_colour_and_numbered_above_it() -> None:
    box = PixelBox(1, 100, 120, 200, 150, outside=False)
    page = opened(draw_boxes(blank_page(), [FieldBoxes(0, (box,)), FieldBoxes(1, ())]))

    blue = colour_of(0)
    assert page.getpixel((150, 118)) == blue  # just above the top edge
    assert page.getpixel((98, 135)) == blue  # just left of the left edge
    # The outline stays outside the box: the boxed text, up to its edges, stays visible.
    assert page.getpixel((100, 120)) == WHITE
    assert page.getpixel((200, 150)) == WHITE
    assert page.getpixel((150, 135)) == WHITE
    label = [page.getpixel((x, y)) for x in range(97, 115) for y in range(90, 117)]
    assert blue in label  # the number's tag, above the box
    assert WHITE in label  # with the number in white on it


def test_two_fields_get_two_colours() -> None:
    first = PixelBox(1, 20, 60, 80, 90, outside=False)
    second = PixelBox(1, 220, 60, 280, 90, outside=False)
    page = opened(draw_boxes(blank_page(), [FieldBoxes(0, (first,)), FieldBoxes(1, (second,))]))
    assert page.getpixel((50, 58)) == colour_of(0)
    assert page.getpixel((250, 58)) == colour_of(1)
    assert colour_of(0) != colour_of(1)


def test_a_box_past_the_edge_is_drawn_at_the_edge() -> None:
    box = PixelBox(1, 350, 200, 900, 230, outside=True)
    page = opened(draw_boxes(blank_page(), [FieldBoxes(2, (box,))]))
    assert page.getpixel((399 - OUTLINE_PX // 2, 215)) == colour_of(2)
    assert page.size == (400, 300)


def test_the_result_is_a_png_of_the_same_size() -> None:
    png = draw_boxes(blank_page(640, 480), [])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert opened(png).size == (640, 480)
