"""Renderers: the playbook model into Markdown pages, feeds and exports. No MkDocs import."""
