"""Accounts: users who log in by email, organisations of the network, memberships with roles, API tokens."""
