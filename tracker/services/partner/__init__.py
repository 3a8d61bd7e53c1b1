"""What partners see: the public API queries (``public_api``), the change feed
(``public_changes``) and the data version (``data_version``)."""
