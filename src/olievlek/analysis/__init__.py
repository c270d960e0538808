"""Network analysis for olievlek: pure Python (pandas, NumPy, igraph), no Django."""
