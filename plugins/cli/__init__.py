"""The `playbook` command line: one module per subcommand, each a click wrapper over a plain
function that returns an exit code (0 clean, 1 problems found, 2 usage or internal error)."""
