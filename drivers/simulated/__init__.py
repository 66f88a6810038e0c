"""Simulator twins of every device, selectable by configuration.

Each simulator speaks the same protocol as the hardware where there is one
(APDUs for the smart card, ESC/POS bytes and DLE EOT status for the receipt
printer), so the code above it runs unchanged against the real device.
"""
