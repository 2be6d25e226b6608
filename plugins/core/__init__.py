"""The engine-free core of Playbook. Nothing in this package may import MkDocs."""
