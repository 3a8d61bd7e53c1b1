"""The staff web surface: one package per area (blueprint, routes, forms), plus what the
areas share (``rendering``, ``access``, ``errors``, ``security``, ``templating``, ``i18n``,
``markdown``, ``operations``, ``forms``). Only this layer, ``tracker.api`` and ``tracker.cli``
talk HTTP or the shell; everything they need from the data comes from ``tracker.services``."""
