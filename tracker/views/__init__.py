"""View modules that add routes to the ``recommendations`` blueprint."""
