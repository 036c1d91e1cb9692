"""Measuring retrieval: question sets, ranking metrics, side-by-side comparison of methods."""
