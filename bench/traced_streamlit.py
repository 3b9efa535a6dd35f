"""`streamlit run` with tracemalloc on, answering "how big is the Python heap now?" on request.

    python -m bench.traced_streamlit app.py --server.port 8501 ...    # as `streamlit run`

Tracing starts before Streamlit is imported. A thread watches BENCH_HEAP_DIR: when a file
`ask-<n>` appears it runs a full collection, then writes `heap-<n>.json` with the traced
bytes now and at their peak since the previous answer (the peak is reset with each answer).
An `ask-<n>` file that says `unfreeze` has `gc.unfreeze()` run first, so frozen cyclic
garbage is collected as well.
Used by bench/list_heap.py; tracing makes the server several times slower, so nothing here
is timed.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Final

HEAP_DIR_ENV: Final = "BENCH_HEAP_DIR"
POLL_SECONDS: Final = 0.1


def answer_heap_questions(folder: Path) -> None:
    while True:
        for ask in sorted(folder.glob("ask-*")):
            if ask.suffix == ".tmp":  # still being written
                continue
            number = ask.name.removeprefix("ask-")
            if ask.read_text().strip() == "unfreeze":
                gc.unfreeze()
            gc.collect()
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            heap = {"current_bytes": current, "peak_bytes": peak, "at": time.time()}
            written = folder / f"heap-{number}.json.tmp"
            written.write_text(json.dumps(heap))
            written.rename(folder / f"heap-{number}.json")
            ask.unlink()
        time.sleep(POLL_SECONDS)


def main() -> None:
    tracemalloc.start()
    folder = Path(os.environ[HEAP_DIR_ENV])
    threading.Thread(target=answer_heap_questions, args=(folder,), daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
