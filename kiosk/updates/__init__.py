"""Secure updates: TUF-verified releases, versioned installs, atomic switch, rollback.

docs/updates.md describes what is signed by whom and what a technician runs.
"""
