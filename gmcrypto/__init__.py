"""Chinese national-standard (国密) cryptographic primitives shared by kiosk and platform.

A leaf package: it imports nothing of the project, so the kiosk (verifying)
and the reference platform (signing) use one implementation of each standard.
"""
