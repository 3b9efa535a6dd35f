"""Times drawing a cited page of a large PDF, as the source view does it, and prints figures.

    python -m bench.source                 # a 50-page PDF of about 6.5 MB, 7 rounds
    python -m bench.source --pages 5 --repeats 2

The PDF is made here with reportlab: each page a block of text and a noisy image, so the
file is about 130 KB a page, like a scan with a text layer. Measured in this process
through the run page's own code (`loaders.source_view.source_page`, its caches and its
render worker, started once before the rounds):
- *first render*: a page not drawn before, from the file's bytes (the download is not
  counted: the bar reads "after the download", nor the file's hash, made once with it) to
  the page drawn with its box: the render in the worker, the box drawn, the PNG encoded;
- *from the cache*: the same page asked again (a rerun, or a second person): the cache
  lookups.
Server time is the wall clock of this process; the worker is part of the server.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import platform
import random
import statistics
import time
from collections.abc import Sequence

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from loaders.source_view import source_page
from run_inspector.model.field_metadata import BoundingBox, Citation, PageSize
from run_inspector.model.field_path import FieldPath

PAGE_W, PAGE_H = A4
FIELD = FieldPath.parse("total")


def make_pdf(pages: int, seed: int = 5) -> bytes:
    rng = random.Random(seed)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    for page in range(1, pages + 1):
        # A new image a page (reportlab stores a repeated one once): ~100 KB a page.
        noise = Image.frombytes("L", (320, 320), rng.randbytes(320 * 320))
        canvas.setFont("Helvetica", 10)
        for line in range(40):
            canvas.drawString(56, PAGE_H - 60 - 16 * line, f"Page {page}, line {line}: " + "x" * 60)
        canvas.drawImage(ImageReader(noise), 300, 80, 200, 200)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def citation(page: int) -> Citation:
    box = BoundingBox(56.0, 60.0, 300.0, 12.0)
    return Citation(page, "Page line 0", 1, (box,), PageSize(PAGE_W, PAGE_H))


def main(argv: Sequence[str] | None = None) -> dict[str, list[float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    pdf = make_pdf(args.pages)
    times: dict[str, list[float]] = {"first render": [], "from the cache": []}
    warm_up: dict[FieldPath, tuple[Citation, ...]] = {FIELD: (citation(1),)}
    key = hashlib.sha256(pdf).hexdigest()  # once per download, as the source cache does
    source_page(pdf, key, warm_up, [FIELD], 1, "bench")  # the worker started once, as in use
    for round_number in range(args.repeats):
        step = max(1, (args.pages - 2) // max(args.repeats, 1))
        page = min(2 + round_number * step, args.pages)
        cited: dict[FieldPath, tuple[Citation, ...]] = {FIELD: (citation(page),)}
        for name in ("first render", "from the cache"):
            started = time.perf_counter()
            drawn = source_page(pdf, key, cited, [FIELD], page, "bench")
            times[name].append(time.perf_counter() - started)
            if drawn.view is None:
                raise SystemExit(f"page {page} was not drawn: {drawn.problem}")
    print(report(pdf, args, times))
    return times


def report(pdf: bytes, args: argparse.Namespace, times: dict[str, list[float]]) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"a {args.pages}-page PDF of {len(pdf) / 1e6:.1f} MB, {args.repeats} rounds.",
        "",
        "| step | median (s) | max (s) | bar (s) |",
        "|---|---:|---:|---:|",
    ]
    for name, bar in (("first render", 1.0), ("from the cache", 0.2)):
        values = times[name]
        lines.append(f"| {name} | {statistics.median(values):.3f} | {max(values):.3f} | {bar} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
