"""CLI command groups, one module each; cli.py registers them. Each module only parses
options and calls the plain Python API of its stage."""
