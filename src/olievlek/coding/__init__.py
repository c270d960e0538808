"""Qualitative coding, the pure core (no Django): canonical text and offsets, paragraphs,
agreement between two coders, the study's codebook and the REFI-QDA codebook (.qdc).

The Django app and the CLI call these functions; a page never re-derives a figure.
"""
