"""zlib (RFC 1950) decompression that accepts exactly one complete zlib stream.

Raw deflate, gzip and uncompressed data are refused (the zlib header is
checked), so is a stream whose Adler-32 does not match or that ends early,
and so is anything after the stream: one code, one payload.
"""

from __future__ import annotations

import zlib

# A QR code carries at most ~3 KB; a payload inflating beyond this is hostile
# (a compression bomb), not a Suishen code.
MAX_INFLATED_BYTES = 64 * 1024


class CompressionError(ValueError):
    """The bytes are not exactly one complete zlib stream."""


def zlib_decompress_strict(data: bytes, max_size: int = MAX_INFLATED_BYTES) -> bytes:
    # wbits=15 selects the zlib container (header and Adler-32) only, never gzip or raw.
    inflater = zlib.decompressobj(wbits=15)
    try:
        inflated = inflater.decompress(data, max_size)
        if inflater.unconsumed_tail:
            raise CompressionError("zlib stream inflates beyond the size limit")
        inflated += inflater.flush()
    except zlib.error as exc:
        raise CompressionError(f"not a valid zlib stream: {exc}") from exc
    if not inflater.eof:
        raise CompressionError("zlib stream is incomplete")
    if inflater.unused_data:
        raise CompressionError("bytes after the zlib stream")
    if len(inflated) > max_size:
        raise CompressionError("zlib stream inflates beyond the size limit")
    return inflated
