"""A worker killed during an index build leaves its half-written folder behind; the next
build removes such leftovers once they are old, and never a build still being written."""

import os
import time

from thidua.assistant.index import LEFT_BUILD_SECONDS, index_dir
from thidua.assistant.services import index_rebuild_now


def test_a_build_left_by_a_killed_worker_is_removed_by_the_next_build(db):
    root = index_dir()
    root.mkdir(parents=True, exist_ok=True)
    left = root / "building-killed"
    (left / "index").mkdir(parents=True)
    (left / "index" / "part").write_bytes(b"x" * 1000)
    long_ago = time.time() - LEFT_BUILD_SECONDS - 60
    os.utime(left, (long_ago, long_ago))
    in_progress = root / "building-another-worker"
    in_progress.mkdir()

    state = index_rebuild_now()

    assert not left.exists()
    assert in_progress.exists()
    assert (root / state.folder).is_dir()
