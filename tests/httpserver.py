"""A real HTTP server on 127.0.0.1 whose routes each test sets: status, headers, body, gzip,
slow trickle, redirects. It records every request's path and headers."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that hang up early (timeouts, size caps) are expected here


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    #: seconds between two bytes of the body (a trickling server)
    trickle: float = 0.0


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


class TestServer:
    __test__ = False

    def __init__(self):
        self.routes: dict[str, Response | Callable[[Request], Response]] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                server.requests.append(request)
                route = server.routes.get(self.path.split("?")[0])
                response = route(request) if callable(route) else route
                if response is None:
                    response = Response(404, b"not found")
                body = gzip.compress(response.body) if response.gzip else response.body
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                if response.gzip:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if response.trickle:
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(response.trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def route(self, path: str, response: Response | Callable[[Request], Response]) -> str:
        self.routes[path] = response
        return self.url(path)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def start(self) -> "TestServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
