"""Pure builders remembered by their inputs. Building an Altair chart costs far more than the query behind
it (Altair checks every encoding against the Vega-Lite schema as it is built: 0.2–2 s a chart on this
machine, most of a page's time), and the same inputs make the same chart; the league table likewise. So a
page shown again, by any session, gets the very object built the first time.

The key is a digest of the pickled arguments (the small DataFrames, targets, titles): equal inputs give
equal bytes; inputs that cannot be pickled are simply not remembered. The charts are never changed after
they are built (Altair's methods return copies), so one object can serve every session; a caller that
changes what it gets (a DataFrame's attrs) asks for a copy.
"""
from __future__ import annotations

import functools
import hashlib
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd

MAX_ENTRIES = 256  # a few pages × views × sessions' worth; a chart holds only its small DataFrame

_built: OrderedDict[bytes, object] = OrderedDict()
_lock = threading.Lock()


class _ContentPickler(pickle.Pickler):
    """Pickles a DataFrame or Series by its content alone: the same rows pickle alike whatever their memory
    layout (a frame fresh from the database and its copy out of Streamlit's cache differ in blocks)."""

    def reducer_override(self, obj):
        if isinstance(obj, (pd.DataFrame, pd.Series)):
            frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
            # The values as plain Python lists: for a chart's few hundred rows, faster than hashing them.
            return _content, (type(obj).__name__, list(map(str, frame.columns)), list(map(str, frame.dtypes)),
                              frame.index.tolist(), [frame[c].tolist() for c in frame.columns])
        return NotImplemented


def _content(*parts):
    return parts


def digest(*parts) -> bytes | None:
    """A digest of `parts` by their pickled content (None when they cannot be pickled)."""
    out = io.BytesIO()
    try:
        _ContentPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(parts)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(out.getvalue(), digest_size=20).digest()


def remembered(build: Callable) -> Callable:
    """`build` (a pure function), returning what it built before for equal arguments."""
    @functools.wraps(build)
    def cached(*args, **kwargs):
        key = digest(build.__module__, build.__qualname__, args, sorted(kwargs.items()))
        if key is None:
            return build(*args, **kwargs)
        with _lock:
            if key in _built:
                _built.move_to_end(key)
                return _built[key]
        built = build(*args, **kwargs)
        with _lock:
            _built[key] = built
            while len(_built) > MAX_ENTRIES:
                _built.popitem(last=False)
        return built
    return cached
