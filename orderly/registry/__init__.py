"""Registry: people and their travel documents, and reading machine-readable zones."""
