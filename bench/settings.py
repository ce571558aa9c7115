"""Settings for `make bench`: the production settings, plus the bare view's URL and a static root
of the benchmark's own (collectstatic writes there, whitenoise serves from there)."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = Path(
    os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "var" / "bench-staticfiles")
)
# Every simulated student comes from 127.0.0.1, where a real school's come from many addresses;
# the per-browser limits still apply as they do in production.
STARTS_PER_ADDRESS = 1_000_000
