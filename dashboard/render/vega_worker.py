"""Charts drawn in worker processes, each remembered by its spec.

vl-convert holds the GIL while it draws, so two threads of one process draw one chart at a time; two worker
processes (started once, on first use, and kept) draw two at a time on the server's two cores while the
main process writes the PPTX and PDF. A drawn chart is remembered by the SHA-256 of its stamped spec's JSON
(the spec carries its data, title, period and "Số liệu đến" stamp), so the same briefing's charts are not
drawn twice — for a second click, another session of the same scope, or the CLI's next format.

The workers are spawned, not forked: the server is multi-threaded and vl-convert runs its own engine
threads, which a fork would copy in an unknown state. A worker imports only vl-convert and the fonts.
If the pool cannot start or breaks (a killed worker), the charts are drawn in this process instead.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import types
import threading
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

WORKERS = 2
MAX_REMEMBERED = 128  # drawn charts kept (SVG + PNG, ~50–300 kB each)
FONTS_DIR = Path(__file__).resolve().parent / "fonts"

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_memo: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
_memo_lock = threading.Lock()
_pending: dict[str, Future] = {}  # a chart being drawn: a second request for it waits for the same future


# --- in the worker -------------------------------------------------------------------------------

_ready = False


def _watch_parent(parent: int) -> None:
    """A worker ends when the server that started it is gone (a stopped server does not end its pool)."""
    import time
    while os.getppid() == parent:
        time.sleep(2)
    os._exit(0)


def _init(parent: int | None = None) -> None:
    global _ready
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if not _ready:
        import vl_convert as vlc
        vlc.register_font_directory(str(FONTS_DIR))
        _ready = True


def draw(spec_json: str, scale: float, kwargs: dict) -> tuple[str, bytes]:
    """The SVG of the Vega-Lite spec and its PNG at `scale`, Vega run once (the PNG rasterised from the SVG,
    as `vegalite_to_png` does inside)."""
    _init()
    import vl_convert as vlc
    svg = vlc.vegalite_to_svg(json.loads(spec_json), **kwargs)
    return svg, vlc.svg_to_png(svg, scale=scale)


def _warm() -> int:
    """Start vl-convert's engine in the worker (its first drawing costs a second or two)."""
    draw(json.dumps({"data": {"values": [{"a": 1}]}, "mark": "bar", "encoding": {"x": {"field": "a"}}}), 1, {})
    return os.getpid()


# --- in the server ---------------------------------------------------------------------------------

def _get_pool() -> ProcessPoolExecutor | None:
    global _pool
    with _pool_lock:
        if _pool is None and os.environ.get("BDH_CHART_WORKERS", "") != "0":
            try:
                _pool = _start_pool()
            except (OSError, ValueError, RuntimeError):
                _pool = None
        return _pool


def _start_pool() -> ProcessPoolExecutor:
    """The pool with its WORKERS processes started now. A spawned child re-runs the parent's `__main__`
    (in the server: the Streamlit app script) unless it cannot find one, so `__main__` is a bare module for the
    moment the children start: each one imports only this module and vl-convert."""
    pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(os.getpid(),))
    real = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for _ in range(WORKERS):  # each submit starts a process while none is idle
            pool.submit(_warm)
    finally:
        if real is not None:
            sys.modules["__main__"] = real
    return pool


def _drop_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def warm() -> None:
    """Start the workers and their engines in the background (the briefing page calls this when it shows,
    so the button finds them ready). Returns at once."""
    _get_pool()  # started with a warm-up drawing in each worker


def spec_key(spec: dict, scale: float, kwargs: dict) -> tuple[str, str]:
    """(the spec's JSON, its memo key)."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(f"{scale}|{json.dumps(kwargs, sort_keys=True, default=str)}|{text}".encode()).hexdigest()
    return text, digest


def remembered(key: str) -> tuple[str, bytes] | None:
    with _memo_lock:
        found = _memo.get(key)
        if found is not None:
            _memo.move_to_end(key)
        return found


def _remember(key: str, image: tuple[str, bytes]) -> None:
    with _memo_lock:
        _memo[key] = image
        _memo.move_to_end(key)
        while len(_memo) > MAX_REMEMBERED:
            _memo.popitem(last=False)


def forget() -> None:
    """Drop every remembered chart (benchmarks time a first drawing with this)."""
    with _memo_lock:
        _memo.clear()


def submit(spec: dict, *, scale: float, kwargs: dict) -> Future:
    """A future of (svg, png) for the stamped spec: at once when it was drawn before, else drawn by a worker
    (or here, when there is no pool)."""
    text, key = spec_key(spec, scale, kwargs)
    done = remembered(key)
    if done is not None:
        f: Future = Future()
        f.set_result(done)
        return f
    with _memo_lock:
        running = _pending.get(key)
        if running is not None:
            return running
    pool = _get_pool()
    future: Future | None = None
    if pool is not None:
        try:
            future = pool.submit(draw, text, scale, kwargs)
        except (BrokenProcessPool, RuntimeError):
            _drop_pool()
    if future is None:
        future = Future()
        try:
            future.set_result(draw(text, scale, kwargs))
        except Exception as exc:  # noqa: BLE001 — handed to the caller through the future
            future.set_exception(exc)
    outer: Future = Future()

    def finished(f: Future) -> None:
        with _memo_lock:
            _pending.pop(key, None)
        try:
            image = f.result()
        except BrokenProcessPool:
            _drop_pool()
            try:  # the worker died: draw it here rather than fail the pack
                image = draw(text, scale, kwargs)
            except Exception as exc:  # noqa: BLE001
                outer.set_exception(exc)
                return
        except Exception as exc:  # noqa: BLE001
            outer.set_exception(exc)
            return
        _remember(key, image)
        outer.set_result(image)

    with _memo_lock:
        _pending[key] = outer
    future.add_done_callback(finished)
    return outer
