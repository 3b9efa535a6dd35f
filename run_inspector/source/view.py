"""What the source view shows for a run: the fields that cite something, the pages a field
cites, and one rendered page with the asked-for boxes drawn, its alt text, a legend, a row
per box with its matching text, and what is odd about the boxes.

UI-free: the page draws what this builds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from run_inspector.model.extraction import Extraction
from run_inspector.model.field_metadata import Citation, FieldMeta
from run_inspector.model.field_path import FieldPath
from run_inspector.source.boxes import PixelBox, PlacedCitation, cited_pages, place_boxes
from run_inspector.source.drawing import FieldBoxes, colour_name, colour_of, draw_boxes
from run_inspector.source.render_worker import RenderedPage


def cited_fields(extraction: Extraction) -> dict[FieldPath, tuple[Citation, ...]]:
    """Every field with at least one citation naming a page, by path; a list result's items
    are `[i]…`. In the order the run lists them."""
    cited: dict[FieldPath, tuple[Citation, ...]] = {}
    _add(cited, FieldPath(), extraction.metadata.document)
    for index, item in enumerate(extraction.metadata.items):
        _add(cited, FieldPath((index,)), item)
    return cited


def _add(
    cited: dict[FieldPath, tuple[Citation, ...]],
    prefix: FieldPath,
    metadata: Mapping[FieldPath, FieldMeta],
) -> None:
    for path, meta in metadata.items():
        if cited_pages(meta.citations):
            cited[prefix.joined(path) if prefix else path] = meta.citations


@dataclass(frozen=True)
class BoxRow:
    """A row beside the image: one box (or a citation without one) on this page."""

    field: str
    box: str  # its number on the image, "" for a citation without a box
    matching_text: str
    note: str


@dataclass(frozen=True)
class LegendEntry:
    field: str
    colour: tuple[int, int, int]
    colour_name: str
    boxes: int


@dataclass(frozen=True, eq=False)
class SourceView:
    png: bytes
    alt: str
    page: int
    page_count: int
    legend: tuple[LegendEntry, ...]
    rows: tuple[BoxRow, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SourcePage:
    """A page drawn with its boxes, or the sentence saying why it is not and the citations
    it would have shown."""

    view: SourceView | None
    problem: str | None
    rows: tuple[BoxRow, ...] = ()


def citation_rows(
    cited: Mapping[FieldPath, Sequence[Citation]], fields: Sequence[FieldPath], page: int
) -> tuple[BoxRow, ...]:
    """The fields' citations of `page` as rows, for a page that cannot be drawn."""
    return tuple(
        BoxRow(path.render(), "", citation.matching_text or "", _boxes(citation))
        for path in fields
        for citation in cited.get(path, ())
        if citation.page == page
    )


def _boxes(citation: Citation) -> str:
    count = citation.bounding_box_count
    return "cited without a box" if not count else f"{count} box{'' if count == 1 else 'es'}"


def build_source_view(
    cited: Mapping[FieldPath, Sequence[Citation]],
    fields: Sequence[FieldPath],
    page: int,
    rendered: RenderedPage,
) -> SourceView:
    """`fields`: the field asked for, or every field cited on `page` ("all fields on this
    page"); each gets its own colour, in this order."""
    image = (rendered.width_px, rendered.height_px)
    page_pt = (rendered.page_width_pt, rendered.page_height_pt)
    drawn: list[FieldBoxes] = []
    legend: list[LegendEntry] = []
    rows: list[BoxRow] = []
    notes: dict[str, None] = {}
    numbered_before = 0
    for colour, path in enumerate(fields):
        label = path.render()
        on_page = [c for c in cited.get(path, ()) if c.page == page]
        boxes: list[PixelBox] = []
        for citation in on_page:
            placed = place_boxes(citation, image, page_pt)
            # Numbered across the whole page, so with every field drawn each number is one box.
            first = numbered_before + len(boxes)
            boxes.extend(_renumbered(placed.boxes, first))
            rows.extend(_rows(label, citation, placed, first_number=first))
            notes.update(dict.fromkeys(_notes(label, citation, placed)))
        numbered_before += len(boxes)
        numbered = tuple(boxes)
        drawn.append(FieldBoxes(colour, numbered))
        legend.append(LegendEntry(label, colour_of(colour), colour_name(colour), len(numbered)))
    png = draw_boxes(rendered.png, drawn)
    return SourceView(
        png=png,
        alt=_alt(legend, page, rendered.page_count),
        page=page,
        page_count=rendered.page_count,
        legend=tuple(legend),
        rows=tuple(rows),
        notes=tuple(notes),
    )


def fields_on_page(cited: Mapping[FieldPath, Sequence[Citation]], page: int) -> list[FieldPath]:
    return [path for path, citations in cited.items() if any(c.page == page for c in citations)]


def _renumbered(boxes: Sequence[PixelBox], before: int) -> list[PixelBox]:
    """Boxes numbered on from the `before` drawn on the page already."""
    return [replace(box, number=before + n) for n, box in enumerate(boxes, start=1)]


def _rows(
    label: str, citation: Citation, placed: PlacedCitation, first_number: int
) -> list[BoxRow]:
    text = citation.matching_text or ""
    if not placed.boxes:
        return [BoxRow(label, "", text, "cited without a box")]
    return [
        BoxRow(label, str(first_number + offset), text, "leaves the page" if box.outside else "")
        for offset, box in enumerate(placed.boxes, start=1)
    ]


def _notes(label: str, citation: Citation, placed: PlacedCitation) -> list[str]:
    notes = []
    if any(box.outside for box in placed.boxes):
        notes.append(
            f"A box of {label} leaves the page: the boxes may be measured differently than "
            "assumed (points from the top left), so it may not show what was read."
        )
    if placed.aspect_mismatch:
        notes.append(
            f"The page size {label}'s citation gives has another shape than the page drawn: "
            "its boxes may be misplaced."
        )
    if placed.assumed_page_size and placed.boxes:
        notes.append(f"{label}'s citation gives no page size: the page's own size was used.")
    if citation.bounding_box_count > len(citation.boxes):
        notes.append(f"Some of {label}'s boxes are not four numbers, so they are not drawn.")
    return notes


def _alt(legend: Sequence[LegendEntry], page: int, page_count: int) -> str:
    boxes = sum(entry.boxes for entry in legend)
    what = legend[0].field if len(legend) == 1 else f"{len(legend)} fields"
    count = f"{boxes} box" if boxes == 1 else f"{boxes} boxes"
    return f"Page {page} of {page_count} of the source, with {what} drawn: {count}."
