"""olievlek: regional knowledge networks in education, and the research that follows them."""

__version__ = "0.1.0"
