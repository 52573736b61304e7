"""Serve hub_app for the contract run: `python -m tests.contract.serve PORT`.

The API's per-token limit is lifted (an integrating system's burst is what the run
imitates, and a 429 would hide every other answer); everything else is as configured
by the environment (DATABASE_URL, SECRET_KEY).
"""

from __future__ import annotations

import sys

from werkzeug.serving import make_server

from hub_app import create_app


def main() -> None:
    port = int(sys.argv[1])
    app = create_app({"API_RATE_LIMIT": "1000000 per minute"})
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


if __name__ == "__main__":
    main()
