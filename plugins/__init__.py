"""Playbook: a docs-as-code product-operations playbook and its generator.

`plugins.core` is plain Python (no MkDocs import): content model, loaders, schemas, checks,
renderers. `plugins.mkdocs_plugins`, `plugins.macros` and `plugins.cli` are thin adapters over it.
"""
