"""MkDocs adapters over `plugins.core`: they pass data in and out and hold no logic of their own."""
