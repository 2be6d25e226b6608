"""Importers: bring existing release notes, roadmaps and handbooks into a playbook.

One module per source format. Each exposes a pure `plan_*` function that reads the source and
returns an `ImportPlan` (the files to create, and what could not be mapped, with file and line);
`apply_plan` creates the files, never overwriting one. Nothing here imports MkDocs.
"""
