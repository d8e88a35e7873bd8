"""`make serve`: two dashboard processes behind a real HAProxy with sticky sessions and the
writer; a session through the proxy runs pages, an import published by the writer reaches both
dashboards, and one command stops every process."""
from __future__ import annotations

import asyncio
import os
import shutil
import threading
import urllib.request

import pytest

from analytics.serving import jobs, serve
from analytics.ui.protocol import Session
from analytics.serving.writer import submit_and_wait
from tests.serving_fixtures import store_from

pytestmark = pytest.mark.skipif(not (shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")),
                                reason="HAProxy is not installed (.ci/run installs it: apt-get install -y haproxy)")


def get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": f"{serve.COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers


async def _visit(base: str) -> tuple[str | None, set[int], bool]:
    session = Session(base, timeout=120)
    await session.open()
    try:
        first = await session.run()
        second = await session.run(page="peta")
        return session.server, first.versions | second.versions, first.ok and second.ok
    finally:
        await session.close()


def in_own_loop(make):
    """Run a coroutine in a thread of its own (the browser tests leave an event loop running)."""
    out: dict = {}

    def target() -> None:
        async def main():
            return await make()
        try:
            out["value"] = asyncio.run(main())
        except BaseException as exc:      # noqa: BLE001 (re-raised in the test's thread)
            out["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_two_dashboards_behind_haproxy_with_sticky_sessions_and_one_stop(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    folder, port = tmp_path / "run", serve.free_port()
    serve.start(store, workers=2, port=port, folder=folder)
    stack = serve.load(folder)
    base = f"http://127.0.0.1:{port}"
    try:
        assert len(stack.workers) == 2 and stack.writer and stack.proxy
        body, _ = get(f"{base}/_stcore/health")
        assert body == b"ok"
        first = {get(f"{base}/")[1]["X-Kube-Server"] for _ in range(4)}
        assert first == {"w1", "w2"}                                  # new visitors are spread
        assert {get(f"{base}/", cookie="w2")[1]["X-Kube-Server"] for _ in range(6)} == {"w2"}   # and stay
        job = submit_and_wait(store, "refresh")                       # queued for the stack's writer
        assert job.state == jobs.PUBLISHED and job.writer_pid == stack.writer
        seen = in_own_loop(lambda: asyncio.wait_for(asyncio.gather(_visit(base), _visit(base)), 240))
        assert {server for server, _, _ in seen} == {"w1", "w2"}
        assert all(ok and versions == {1} for _, versions, ok in seen)   # both moved to version 1
    finally:
        serve.stop(folder)
    assert not any(serve._alive(pid) for pid in stack.pids())
    assert not (folder / "serve.json").exists()
