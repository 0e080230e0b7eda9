"""Serve a built site on 127.0.0.1 for LinkChecker: `python serve_site.py DIR PORT`.

Like `python -m http.server` (threaded), plus the `LinkChecker` response header:
LinkChecker only lets a server that sends it lift its politeness limit of ten requests
a second (three on average), which would otherwise dominate its time on a local site.
"""

import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "benchmark")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(Handler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()
