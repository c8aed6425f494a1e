"""Idempotency keys the platform keeps for itself."""

# A replacement stored by a correction has this key followed by the corrected crossing's id.
# Devices cannot send it (outside the API's key alphabet) and imports are refused it.
CORRECTION_KEY_PREFIX = "correction/"
