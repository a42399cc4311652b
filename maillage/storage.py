"""Static files in production: hashed names (cached for a year) and a gzip copy of each, which nginx serves as is
(gzip_static). No brotli copy: Debian's nginx cannot serve it, and brotli at its best takes a minute on the API pages'
scripts at each start; no compressed copy of the source maps (5 MB nobody downloads)."""

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        kwargs["extensions"] = (*(kwargs.get("extensions") or Compressor.SKIP_COMPRESS_EXTENSIONS), "map")
        return Compressor(use_brotli=False, **kwargs)
