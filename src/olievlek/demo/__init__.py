"""The synthetic demo of the study's twelve networks (pure: no Django import here).

``generate(seed)`` returns one validated :class:`olievlek.package.Package` per network;
``write_packages(dir, seed)`` writes them to ``dir/<slug>/``. See ``docs/demo-data.md``.
"""

from olievlek.demo.generator import DEFAULT_SEED, WAVES, generate, write_packages

__all__ = ["DEFAULT_SEED", "WAVES", "generate", "write_packages"]
