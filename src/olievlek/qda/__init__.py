"""Qualitative coding in the database: sources of a network, the codebook, codings.

The rules (canonical text, agreement, REFI-QDA) are in the pure library ``olievlek.coding``.
"""
