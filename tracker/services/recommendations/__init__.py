"""Recommendations: create and list (``records``), status changes (``status``), editing,
references, history order, the catalogue, translations and the per-language edit clock."""
