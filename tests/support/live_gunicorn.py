"""Run the real app under gunicorn on 127.0.0.1 for the soak and fault tests.

``LiveDeployment`` gives each test its own database (a SQLite file, or a throwaway
PostgreSQL database on the server of ``DATABASE_URL``), instance folder and search index
folder, migrates and seeds it (tests/support/live_tool.py), starts gunicorn with
``--no-control-socket``, and stops everything afterwards. ``Browser`` is a small
cookie-keeping HTTP client (standard library only) that logs in and posts forms with the
CSRF token, as a user's browser does.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.support.worker_database import run_as_admin

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveDeployment:
    """One app deployment: database, folders, environment, gunicorn processes."""

    def __init__(self, tmp_path: Path, **env):
        from config import _database_url

        self.tmp = tmp_path
        self.index_dir = tmp_path / "search-index"
        self.pg_url = None
        if os.environ.get("DATABASE_URL"):
            from sqlalchemy.engine import make_url

            base = make_url(_database_url())
            self.pg_name = f"{base.database}_live_{uuid.uuid4().hex[:8]}"
            run_as_admin(base, f'CREATE DATABASE "{self.pg_name}"')
            self.pg_url = base.set(database=self.pg_name).render_as_string(hide_password=False)
            url = self.pg_url
        else:
            url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
        self.database_url = url
        self.env = {
            **os.environ,
            "TRACKER_ENV": "development",
            "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
            "DATABASE_URL": url,
            "SEARCH_INDEX_DIR": str(self.index_dir),
            "SECRET_KEY": "live-test-secret",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "REQUEST_LOG": "0",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.servers: list[subprocess.Popen] = []
        self.seed = self.tool("setup")

    def tool(self, *args, env=None) -> dict:
        """Run tests/support/live_tool.py with this deployment's environment; its JSON result."""
        proc = subprocess.run([sys.executable, str(ROOT / "tests" / "support" / "live_tool.py"), *args],
                              cwd=ROOT, env={**self.env, **(env or {})}, capture_output=True,
                              text=True, timeout=180)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
        assert proc.returncode == 0 and lines, proc.stderr[-3000:]
        return json.loads(lines[-1].removeprefix("RESULT "))

    def start(self, workers: int = 4, env=None, timeout: float = 60) -> "Server":
        """Start gunicorn; return once ``/healthz`` answers (any status)."""
        port = free_port()
        log = open(self.tmp / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed in stop)
        proc = subprocess.Popen(
            [str(GUNICORN), "--no-control-socket", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--timeout", "60", "--graceful-timeout", "20", "wsgi:app"],
            cwd=ROOT, env={**self.env, "SERVER_NAME": f"127.0.0.1:{port}", **(env or {})},
            stdout=log, stderr=subprocess.STDOUT)
        server = Server(proc, port, log)
        self.servers.append(proc)
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, f"gunicorn exited: {server.log_tail()}"
            try:
                server.request("GET", "/healthz")
                return server
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def close(self) -> None:
        for proc in self.servers:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if self.pg_url:
            run_as_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


class Server:
    def __init__(self, proc: subprocess.Popen, port: int, log):
        self.proc, self.port, self._log = proc, port, log

    def request(self, method, path, body=None, headers=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def workers(self) -> list[int]:
        """Process ids of the worker processes (children of the gunicorn master)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        """Graceful stop (SIGTERM: workers finish their requests), as in a deployment."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def log_tail(self, chars: int = 4000) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-chars:]


class Browser:
    """Keeps cookies; ``login`` then ``post_form`` with the session's CSRF token."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.lock = threading.Lock()

    def request(self, method, path, data=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text = self.server.request(method, path, body, headers)
        for name, value in response_headers.items():
            if name.lower() == "set-cookie":
                for key, morsel in SimpleCookie(value).items():
                    self.cookies[key] = morsel.value
        return status, response_headers, text

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def upload(self, path, filename: str, content: bytes, fields=None):
        """POST a multipart form with one file (``file``) and the session's CSRF token."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**(fields or {}), "csrf_token": self.csrf}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                         f"{value}\r\n".encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
                     f"\r\nContent-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return self.server.request("POST", path, body, headers)

    def login(self, email: str, password: str) -> None:
        status, _h, page = self.get("/login")
        token = _csrf(page)
        status, headers, _ = self.request("POST", "/login", data={
            "email": email, "password": password, "csrf_token": token})
        assert status == 302, f"login failed: {status}"
        status, _h, page = self.get("/")
        assert status == 200, status
        self.csrf = _csrf(page)

    def post_form(self, path, data, htmx=False):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.request("POST", path, data={**data, "csrf_token": self.csrf}, headers=headers)


def _csrf(page: str) -> str:
    match = _TOKEN.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class TcpProxy:
    """A TCP forwarder on 127.0.0.1 that can be cut (every connection closed, the port
    refused) and restored on the same port: a database that goes away and comes back."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.cuts = 0
        self._server = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        """Stop listening and drop every open connection."""
        self.cuts += 1
        if self._server is not None:
            try:
                self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() thread
            except OSError:
                pass
            self._server.close()
            self._server = None
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def stop(self) -> None:
        self.cut()
