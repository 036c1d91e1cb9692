"""Retrieval: chunking, embeddings, the Chroma store, indexing and search."""
