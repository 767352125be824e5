"""A generated portal of N pages on 127.0.0.1 for benchmarks, served from its own process
so that its CPU is not counted against the crawlers.

Each page carries a 12-link menu, links to the next five pages and to five pages
spread across the site, and a few kilobytes of text: a shape like a real portal's. With
--script, every page is an empty shell and /app.js builds the same menu, links and text in the
browser: the same portal as a single-page application, which only a browser can walk.

    python bench/synthetic_portal.py --pages 1000 --port 0   (prints the URL, serves until killed)
"""

from __future__ import annotations

import argparse
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEXT = "<p>Citizens may apply online for this public service and follow its progress. </p>" * 30


def page(n: int, total: int, defects: bool = False) -> bytes:
    menu = "".join(f'<li><a href="/p/{k}/">Section {k}</a></li>' for k in range(12))
    nearby = "".join(f'<a href="/p/{(n + k) % total}/">Next {k}</a> ' for k in range(1, 6))
    spread = "".join(f'<a href="/p/{(n * 37 + k * 211) % total}/">See also {k}</a> ' for k in range(5))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page {n}</title></head>'
        f"<body><header><nav><ul>{menu}</ul></nav></header><main><h1>Page {n}</h1>{TEXT}"
        + ('<img src="/logo.svg" width="40" height="40"><input type="text" name="q">' if defects else "")
        + f"<p>{nearby}</p><p>{spread}</p></main></body></html>"
    ).encode()


def shell(n: int) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page {n}</title></head>'
        '<body><div id="app"></div><noscript><p>Turn on JavaScript.</p></noscript>'
        '<script src="/app.js"></script></body></html>'
    ).encode()


# page()'s markup, built in the browser from the address.
APP = """
const total = %d;
const text = "<p>Citizens may apply online for this public service and follow its progress. </p>".repeat(30);
const found = location.pathname.match(/^\\/p\\/(\\d+)\\/$/);
const n = found ? Number(found[1]) : 0;
const range = (count) => Array.from({length: count}, (_, k) => k);
const menu = range(12).map((k) => `<li><a href="/p/${k}/">Section ${k}</a></li>`).join("");
const nearby = range(5).map((k) => `<a href="/p/${(n + k + 1) %% total}/">Next ${k + 1}</a> `).join("");
const spread = range(5).map((k) => `<a href="/p/${(n * 37 + k * 211) %% total}/">See also ${k}</a> `).join("");
document.getElementById("app").innerHTML = `<header><nav><ul>${menu}</ul></nav></header><main><h1>Page ${n}</h1>`
  + `${text}<p>${nearby}</p><p>${spread}</p></main>`;
"""


def make_handler(total: int, defects: bool = False, script: bool = False) -> type[BaseHTTPRequestHandler]:
    pages = {f"/p/{n}/": shell(n) if script else page(n, total, defects) for n in range(total)}
    pages["/"] = pages["/p/0/"]
    app = (APP % total).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # TCP_NODELAY, as real web servers set it: with Nagle on, every answer after the first on a
        # kept-alive connection (headers and body are two writes) waited ~40 ms for a delayed ACK.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.do_GET(body=False)

        def do_GET(self, body: bool = True) -> None:
            path = self.path.split("?")[0]
            if path == "/robots.txt":
                status, ctype, data = 200, "text/plain", b"User-agent: *\nAllow: /\n"
            elif path == "/app.js" and script:
                status, ctype, data = 200, "text/javascript", app
            elif path in pages:
                status, ctype, data = 200, "text/html; charset=utf-8", pages[path]
            else:
                status, ctype, data = 404, "text/html", b"<!DOCTYPE html><title>404</title>"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--defects", action="store_true", help="an image without alt and an unlabelled field per page")
    parser.add_argument("--script", action="store_true", help="empty shells that /app.js builds in the browser")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.pages, args.defects, args.script))
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
