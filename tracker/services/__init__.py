"""Queries and rules shared by the HTML views, the API and the CLI.

Services return data and raise ``errors.RuleViolation`` / ``errors.PermissionDenied``;
they flush but leave the commit to the caller, so a caller can make several changes
in one transaction.
"""
