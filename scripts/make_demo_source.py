"""Makes the demo's source file and its run: a two-page invoice PDF written with reportlab,
and a v1 run whose citations box exactly the text the PDF prints, plus one box placed
past the page's right edge on purpose, for the source view to flag.

    python scripts/make_demo_source.py      # rewrites run_inspector/demo/data/source/

The output is deterministic (reportlab's invariant mode), so running it again changes
nothing unless this script changes.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas

OUT: Final = Path(__file__).resolve().parent.parent / "run_inspector" / "demo" / "data" / "source"
PDF_NAME: Final = "northwind_invoice.pdf"
RUN_NAME: Final = "northwind_invoice_run.json"
JOB_ID: Final = "c0ffee00-5a11-4d0c-9e55-000000000042"
RUN_ID: Final = "c0ffee00-5a11-4d0c-9e55-0000000000a1"
FILE_ID: Final = "c0ffee00-5a11-4d0c-9e55-0000000000f1"
AGENT_ID: Final = "5a7e1c3b-9d2f-4e8a-b6c4-0f1e2d3c4b5a"  # history.SOURCE_AGENT_ID
PROJECT_ID: Final = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
PAGE_W, PAGE_H = A4
# How far the misplaced box is pushed right: past the page's edge, as a box measured in
# another frame would be.
MISPLACED_SHIFT_PT: Final = 480.0


@dataclass
class Pdf:
    """A canvas that remembers where each printed text sits, as a citation would box it."""

    canvas: Canvas
    page: int = 1
    placed: dict[str, tuple[int, dict[str, float]]] = field(default_factory=dict)

    def text(
        self,
        key: str | None,
        x: float,
        top: float,
        text: str,
        size: float = 10,
        font: str = "Helvetica",
    ) -> None:
        """Prints `text` with its top at `top` points from the page's top."""
        ascent, descent = getAscentDescent(font, size)
        baseline = PAGE_H - top - ascent
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, baseline, text)
        if key is not None:
            box = {
                "x": round(x, 2),
                "y": round(top, 2),
                "w": round(stringWidth(text, font, size), 2),
                "h": round(ascent - descent, 2),
            }
            self.placed[key] = (self.page, box)

    def next_page(self) -> None:
        self.canvas.showPage()
        self.page += 1


LINE_ITEMS: Final = (
    ("Copy paper A4 80 g, box of 5 reams", 12, "21.50", "258.00"),
    ("Ballpoint pens, blue, pack of 50", 4, "9.80", "39.20"),
    ("Lever arch files, 75 mm", 20, "2.35", "47.00"),
)


def write_pdf() -> tuple[bytes, dict[str, tuple[int, dict[str, float]]]]:
    buffer = io.BytesIO()
    pdf = Pdf(Canvas(buffer, pagesize=A4, invariant=1))
    pdf.canvas.setTitle("Invoice INV-2026-0042")
    pdf.text("supplier.name", 56, 60, "Northwind Office Supplies Ltd", 16, "Helvetica-Bold")
    pdf.text(None, 56, 84, "12 Harbour Street, Bristol BS1 4QA, United Kingdom", 9)
    pdf.text("supplier.vat_id", 56, 98, "VAT GB 123 4567 89", 9)
    pdf.text("invoice_number", 380, 140, "Invoice INV-2026-0042", 12, "Helvetica-Bold")
    pdf.text("issue_date", 380, 160, "Date: 2026-11-02", 10)
    pdf.text(None, 56, 140, "Bill to: Contoso Ltd, 5 Mill Lane, Leeds", 10)
    pdf.text(None, 56, 220, "Description", 10, "Helvetica-Bold")
    pdf.text(None, 330, 220, "Qty", 10, "Helvetica-Bold")
    pdf.text(None, 390, 220, "Unit price", 10, "Helvetica-Bold")
    pdf.text(None, 480, 220, "Amount", 10, "Helvetica-Bold")
    for index, (description, quantity, unit, amount) in enumerate(LINE_ITEMS):
        top = 244 + 22 * index
        pdf.text(f"line_items[{index}].description", 56, top, description)
        pdf.text(f"line_items[{index}].quantity", 330, top, str(quantity))
        pdf.text(None, 390, top, unit)
        pdf.text(f"line_items[{index}].amount", 480, top, amount)
    pdf.text(None, 56, 800, "Page 1 of 2", 8)
    pdf.next_page()
    pdf.text(None, 56, 60, "Invoice INV-2026-0042 (continued)", 10, "Helvetica-Bold")
    pdf.text(None, 380, 120, "Net: GBP 344.20", 10)
    pdf.text(None, 380, 138, "VAT 20 %: GBP 68.84", 10)
    pdf.text("total", 380, 160, "Total due: GBP 413.04", 12, "Helvetica-Bold")
    pdf.text("payment_terms", 56, 220, "Payment within 30 days of the invoice date.", 10)
    pdf.text(None, 56, 800, "Page 2 of 2", 8)
    pdf.canvas.save()
    return buffer.getvalue(), pdf.placed


SCHEMA: Final = {
    "type": "object",
    "required": ["supplier", "invoice_number", "issue_date", "total", "line_items"],
    "properties": {
        "supplier": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "vat_id": {"type": "string"}},
        },
        "invoice_number": {"type": "string"},
        "issue_date": {"type": "string", "description": "YYYY-MM-DD"},
        "line_items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "description": {"type": "string"},
                    "quantity": {"type": "integer"},
                    "amount": {"type": "number"},
                },
            },
        },
        "total": {"type": "number"},
        "payment_terms": {"type": "string"},
    },
}
MATCHING: Final = {
    "supplier.name": "Northwind Office Supplies Ltd",
    "supplier.vat_id": "VAT GB 123 4567 89",
    "invoice_number": "Invoice INV-2026-0042",
    "issue_date": "Date: 2026-11-02",
    "total": "Total due: GBP 413.04",
    "payment_terms": "Payment within 30 days of the invoice date.",
}


def run_json(pdf: bytes, placed: dict[str, tuple[int, dict[str, float]]]) -> dict[str, Any]:
    data = {
        "supplier": {"name": "Northwind Office Supplies Ltd", "vat_id": "GB123456789"},
        "invoice_number": "INV-2026-0042",
        "issue_date": "2026-11-02",
        "line_items": [
            {"description": d, "quantity": q, "amount": float(a)} for d, q, _, a in LINE_ITEMS
        ],
        "total": 413.04,
        "payment_terms": "30 days",
    }

    def entry(key: str, text: str, confidence: float) -> dict[str, Any]:
        page, box = placed[key]
        if key == "payment_terms":  # the deliberately misplaced box
            box = {**box, "x": round(box["x"] + MISPLACED_SHIFT_PT, 2)}
        citation = {
            "page": page,
            "matching_text": text,
            "bounding_boxes": [box],
            "page_dimensions": {"width": PAGE_W, "height": PAGE_H},
        }
        return {
            "citation": [citation],
            "extraction_confidence": confidence,
            "parsing_confidence": 1.0,
            "confidence": confidence,
        }

    items = []
    for index, (description, quantity, _, amount) in enumerate(LINE_ITEMS):
        items.append(
            {
                "description": entry(f"line_items[{index}].description", description, 0.97),
                "quantity": entry(f"line_items[{index}].quantity", str(quantity), 0.95),
                "amount": entry(f"line_items[{index}].amount", amount, 0.96),
            }
        )
    metadata = {
        "supplier": {
            "name": entry("supplier.name", MATCHING["supplier.name"], 0.99),
            "vat_id": entry("supplier.vat_id", MATCHING["supplier.vat_id"], 0.93),
        },
        **{
            key: entry(key, MATCHING[key], confidence)
            for key, confidence in (
                ("invoice_number", 0.99),
                ("issue_date", 0.98),
                ("total", 0.97),
                ("payment_terms", 0.61),
            )
        },
        "line_items": items,
    }
    created, updated = "2026-11-02T09:30:12.000000Z", "2026-11-02T09:30:41.000000Z"
    return {
        "id": RUN_ID,
        "created_at": created,
        "updated_at": updated,
        "extraction_agent_id": AGENT_ID,
        "data_schema": SCHEMA,
        "config": {
            "extraction_target": "PER_DOC",
            "extraction_mode": "MULTIMODAL",
            "cite_sources": True,
            "citation_bbox": True,
            "confidence_scores": True,
            "use_reasoning": False,
        },
        "file": {
            "id": FILE_ID,
            "created_at": created,
            "updated_at": created,
            "name": "northwind-INV-2026-0042.pdf",
            "file_size": len(pdf),
            "file_type": "pdf",
            "project_id": PROJECT_ID,
            "resource_info": {"file_size": len(pdf)},
        },
        "status": "SUCCESS",
        "error": None,
        "job_id": JOB_ID,
        "data": data,
        "extraction_metadata": {"field_metadata": metadata},
        "project_id": PROJECT_ID,
        "from_ui": False,
        "file_id": FILE_ID,
    }


def write(out: Path = OUT) -> tuple[Path, Path]:
    """Both files, written to `out`."""
    pdf, placed = write_pdf()
    out.mkdir(parents=True, exist_ok=True)
    (out / PDF_NAME).write_bytes(pdf)
    text = json.dumps(run_json(pdf, placed), indent=2, ensure_ascii=False) + "\n"
    (out / RUN_NAME).write_text(text, encoding="utf-8")
    return out / PDF_NAME, out / RUN_NAME


def main() -> None:
    pdf_path, run_path = write()
    print(f"wrote {pdf_path} ({pdf_path.stat().st_size:,} bytes) and {run_path}")


if __name__ == "__main__":
    main()
