"""`python -m run_inspector.demo.serve`: the demo runs behind the fake API on a local port."""

from __future__ import annotations

import argparse
import threading

from run_inspector.demo.samples import demo_fake_api
from run_inspector.fake_api import serve


def main() -> None:
    """Serve the bundled demo runs on 127.0.0.1 for a manual look at the live-API path."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--api-key", default="local-test-key")
    args = parser.parse_args()
    server = serve(demo_fake_api(api_keys={args.api_key}), port=args.port)
    print(f"Fake LlamaCloud on {server.base_url} (key: the one you passed)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
