"""Accounts: login throttling (``login_throttle``) and the audit log (``audit``)."""
