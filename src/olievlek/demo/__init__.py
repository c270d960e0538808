"""The synthetic demo: the study's twelve networks and, thirteenth, the Twente network with
its governance (pure: no Django import here).

``generate(seed)`` returns one validated :class:`olievlek.package.Package` per study network;
``generate_all(seed)`` adds the Twente network; ``write_packages(dir, seed)`` writes all
thirteen to ``dir/<slug>/``. See ``docs/demo-data.md``.
"""

from olievlek.demo.generator import DEFAULT_SEED, WAVES, generate, generate_all, write_packages

__all__ = ["DEFAULT_SEED", "WAVES", "generate", "generate_all", "write_packages"]
