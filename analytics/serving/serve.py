"""`make serve WORKERS=N`: N read-only dashboard processes behind HAProxy (sticky sessions), the
writer, and the identity provider when one is configured; `make stop` stops them all.

Everything started is recorded with its process id in `data/run/serve.json` (or
`$KUBE_RUN_DIR`); `stop` ends exactly those processes, proxy first so no new request reaches a
stopping dashboard, the writer last so a job in progress is told to stop (its working copy is
thrown away, the published version stays).
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analytics.config import DATA_DIR, ROOT
from analytics.serving.layout import Store
from analytics.store import StoreError

COOKIE = "KUBESRV"


def run_dir() -> Path:
    return Path(os.environ.get("KUBE_RUN_DIR", DATA_DIR / "run"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    """What `serve` started (the record `stop` reads)."""

    port: int
    db: str
    proxy: int | None = None
    writer: int | None = None
    identity: int | None = None
    workers: list[tuple[int, int]] = field(default_factory=list)      # (pid, port)

    def pids(self) -> list[int]:
        """In stopping order: proxy, dashboards, identity provider, writer."""
        return [p for p in [self.proxy, *(w for w, _ in self.workers), self.identity, self.writer] if p]


def _record(folder: Path) -> Path:
    return folder / "serve.json"


def load(folder: Path | None = None) -> Stack | None:
    path = _record(folder or run_dir())
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    data["workers"] = [tuple(w) for w in data.get("workers", [])]
    return Stack(**data)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:                                    # a zombie child of ours counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _spawn(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    out = open(log, "ab")
    try:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    finally:
        out.close()


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    said = log.read_text(errors="replace")[-1500:] if log.exists() else ""
    raise StoreError(f"{url} did not become healthy; its log ({log}) ends with:\n{said}")


def haproxy_config(port: int, workers: list[tuple[int, int]], address: str = "127.0.0.1") -> str:
    """Round robin for new visitors, then a cookie keeps each browser on its dashboard process
    (a Streamlit session lives in one process); dashboards are checked on their health URL."""
    servers = "\n".join(f"    server w{i} 127.0.0.1:{p} check cookie w{i}" for i, (_, p) in enumerate(workers, 1))
    return f"""global
    log stderr format raw local0 warning
    maxconn 4096

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 60s
    timeout server 120s
    timeout tunnel 2h
    timeout http-keep-alive 10s

frontend kube
    bind {address}:{port}
    default_backend dashboards

backend dashboards
    balance roundrobin
    option httpchk GET /_stcore/health
    http-check expect string ok
    cookie {COOKIE} insert indirect nocache httponly
    http-response set-header X-Kube-Server %[srv_name]
{servers}
"""


def _identity_command() -> list[str] | None:
    """The identity provider's start command, when the access set-up names one (`KUBE_IDP_COMMAND`)."""
    command = os.environ.get("KUBE_IDP_COMMAND")
    return shlex.split(command) if command else None


def start(store: Store, workers: int = 2, port: int = 8501, foreground: bool = False,
          folder: Path | None = None, address: str = "127.0.0.1") -> int:
    """Start the writer, the identity provider (if configured), N dashboards and the proxy."""
    folder = folder or run_dir()
    running = load(folder)
    if running and any(_alive(p) for p in running.pids()):
        raise StoreError(f"already serving on port {running.port} (python -m analytics stop first)")
    haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if haproxy is None:
        raise StoreError("HAProxy is not installed: apt-get install -y haproxy (Debian), then make serve again")
    if store.current() is None:
        raise StoreError(f"No database at {store.link}: make run (or python -m analytics demo) builds one")
    if workers < 1:
        raise StoreError("--workers must be at least 1")
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KUBE_DB": str(store.link), "KUBE_WRITER": "external", "PYTHONUNBUFFERED": "1"}
    stack = Stack(port=port, db=str(store.link))
    try:
        writer = _spawn([sys.executable, "-m", "analytics", "writer", "--db", str(store.link)],
                        folder / "writer.log", env)
        stack.writer = writer.pid
        idp = _identity_command()
        if idp:
            stack.identity = _spawn(idp, folder / "identity.log", env).pid
        procs = []
        for i in range(1, workers + 1):
            p = free_port()
            proc = _spawn([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                           "--server.port", str(p), "--server.address", "127.0.0.1", "--server.headless", "true",
                           "--browser.gatherUsageStats", "false"], folder / f"dashboard-{i}.log", env)
            stack.workers.append((proc.pid, p))
            procs.append((proc, p, folder / f"dashboard-{i}.log"))
        _save(folder, stack)
        for proc, p, log in procs:
            _wait_healthy(f"http://127.0.0.1:{p}", proc, log)
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(port, stack.workers, address))
        check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise StoreError(f"HAProxy refused its configuration: {check.stderr.strip()}")
        proxy = _spawn([haproxy, "-db", "-f", str(config)], folder / "haproxy.log", env)
        stack.proxy = proxy.pid
        _save(folder, stack)
        _wait_healthy(f"http://127.0.0.1:{port}", proxy, folder / "haproxy.log", seconds=30)
    except BaseException:
        stop(folder)
        raise
    print(f"Serving {store.link} at http://{address}:{port} ({workers} dashboard processes behind HAProxy, "
          f"sticky by cookie {COOKIE}; writer pid {stack.writer}). Logs in {folder}. Stop: make stop", flush=True)
    if foreground:
        try:
            while all(_alive(p) for p in stack.pids()):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        stop(folder)
    return 0


def _save(folder: Path, stack: Stack) -> None:
    tmp = _record(folder).with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(stack)))
    os.replace(tmp, _record(folder))


def stop(folder: Path | None = None, seconds: float = 30) -> int:
    """Stop exactly the processes `start` recorded: SIGTERM, then SIGKILL after `seconds`."""
    folder = folder or run_dir()
    stack = load(folder)
    if stack is None:
        print("nothing is being served (no record in " + str(folder) + ")")
        return 0
    for pid in stack.pids():
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            _reap(pid)
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in stack.pids()) and time.monotonic() < deadline:
        for pid in stack.pids():
            _reap(pid)
        time.sleep(0.2)
    for pid in stack.pids():
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            _reap(pid)
    _record(folder).unlink(missing_ok=True)
    print(f"stopped {len(stack.pids())} processes (proxy, {len(stack.workers)} dashboards, writer)")
    return 0


def _reap(pid: int) -> None:
    """Collect a child that has exited (when `serve` runs in the foreground, they are ours)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
