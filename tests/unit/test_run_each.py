"""storj_uplink._parallel.run_each, the concurrency helper of many-file batches (no network)."""

from __future__ import annotations

import threading
import time

import pytest

from storj_uplink._parallel import Cancelled, Stopper, run_each


def _collect(**kw):
    done, skipped = {}, []

    def on_done(i, item, result, error):
        done[i] = (result, error)

    def on_skip(i, item):
        skipped.append(i)

    return done, skipped, dict(done=on_done, skipped=on_skip, **kw)


def test_every_item_gets_its_outcome_and_failures_do_not_stop_the_rest():
    done, skipped, kw = _collect()

    def work(n):
        if n % 3 == 0:
            raise ValueError(n)
        return n * 10

    run_each(range(10), work, 4, Stopper(), **kw)
    assert sorted(done) == list(range(10)) and skipped == []
    for i, (result, error) in done.items():
        if i % 3 == 0:
            assert result is None and isinstance(error, ValueError)
        else:
            assert result == i * 10 and error is None


def test_concurrency_is_bounded_and_the_iterator_is_not_read_ahead():
    running, peak, drawn = [0], [0], []
    lock = threading.Lock()

    def items():
        for i in range(12):
            drawn.append(i)
            yield i

    def work(n):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            # never more than the workers' items drawn and not finished
            assert len(drawn) - n <= 3
        time.sleep(0.01)
        with lock:
            running[0] -= 1

    done, _, kw = _collect()
    run_each(items(), work, 3, Stopper(), **kw)
    assert len(done) == 12 and peak[0] <= 3


def test_stop_on_error_skips_what_was_not_started():
    done, skipped, kw = _collect(stop_on_error=True)

    def work(n):
        if n == 2:
            raise OSError("broken")
        return n

    run_each(range(8), work, 1, Stopper(), **kw)
    assert sorted(done) == [0, 1, 2] and isinstance(done[2][1], OSError)
    assert skipped == [3, 4, 5, 6, 7]


def test_a_failing_callback_stops_the_batch_and_is_raised():
    def on_done(i, item, result, error):
        raise RuntimeError("callback")

    with pytest.raises(RuntimeError, match="callback"):
        run_each(range(5), lambda n: n, 2, Stopper(), done=on_done)


def test_a_stop_from_elsewhere_raises_cancelled_after_the_threads_end():
    stopper = Stopper()
    started = threading.Event()

    def work(n):
        started.set()
        while not stopper.is_set():
            time.sleep(0.005)
        raise Cancelled("stopped")

    threading.Timer(0.1, stopper.stop).start()
    with pytest.raises(Cancelled):
        run_each(range(4), work, 2, stopper)
    assert started.is_set()
    assert not [t for t in threading.enumerate()
                if t.name.startswith("storj-batch") and t.is_alive()]


def test_an_empty_batch_runs_nothing():
    done, skipped, kw = _collect()
    run_each([], lambda n: n, 3, Stopper(), **kw)
    assert done == {} and skipped == []
