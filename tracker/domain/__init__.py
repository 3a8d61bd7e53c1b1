"""The domain layer: the product's rules as plain Python (no Flask, no SQL).

Models, services and every surface import from here; nothing here imports them.
"""
