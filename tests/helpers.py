"""Test helpers: a local HTTP server with scripted answers, archive and data-file builders."""

from __future__ import annotations

import threading
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "orchestration" / "reference" / "customs"
ANNEXES = ["Libelle_CPF4_rev2.1.txt", "Libelle_A129.txt", "Libelle_PAYS.txt",
           "Departement_region.txt"]  # fmt: skip


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/octet-stream"
    truncate_to: int | None = None  # send only this many bytes, but declare the full length
    delay: float = 0.0  # seconds to wait before answering (to provoke a client timeout)
    headers: dict[str, str] | None = None  # extra headers (Location for a redirect)
    trickle: float = 0.0  # seconds between single bytes of the body (a slow server)
    length: str | None = None  # the Content-Length sent instead of the body's (e.g. "abc")
    chunked_cut: bool = False  # chunked transfer, the connection closed inside the last chunk


class ScriptedServer:
    """Serve scripted answers on 127.0.0.1: each path has a queue; the last answer repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.hits: dict[str, int] = defaultdict(int)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits[self.path] += 1
                queue = server.routes.get(self.path)
                if not queue:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                answer = queue.pop(0) if len(queue) > 1 else queue[0]
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                if answer.chunked_cut:  # a chunk announced whole, half of it sent, then closed
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    half = answer.body[: len(answer.body) // 2]
                    self.wfile.write(f"{len(answer.body):x}\r\n".encode() + half)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_header("Content-Length", answer.length or str(len(answer.body)))
                for name, value in (answer.headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                body = answer.body
                if answer.truncate_to is not None:
                    body = body[: answer.truncate_to]
                if answer.trickle:
                    try:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(answer.trickle)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up, as it should
                    return
                self.wfile.write(body)
                if answer.truncate_to is not None:
                    self.wfile.flush()
                    self.close_connection = True

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, *answers: Answer) -> str:
        self.routes[path] = list(answers)
        return self.base + path

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def data_line(
    flow: str = "E",
    quarter: int = 1,
    year: int = 2024,
    dep: str = "92",
    region: str = "03",
    a129: str = "C21Z",
    cpf4: str = "2120",
    country: str = "DE",
    value: int | str = 1000,
    mass: int | str = 10,
) -> str:
    return f"{flow};{quarter};{year};{dep};{region};{a129};{cpf4};{country};{value};{mass}"


def make_archive(
    path: Path,
    data_lines: list[str] | None,
    data_name: str = "REGIONAL_CPF4PAYSE.txt",
    annexes: bool = True,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A customs-like archive: a data file, the real annexes, any extra members."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        if data_lines is not None:
            zf.writestr(data_name, "\r\n".join(data_lines) + "\r\n")
        if annexes:
            for name in ANNEXES:
                zf.writestr(name, (REFERENCE / name).read_bytes())
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return path
