"""`techties watch`: the indicators of `metrics/` kept as dated snapshots, compared with the previous
snapshot of the same scope and with rules, and reported as alerts (terminal, JSON, Atom, Markdown).

This stage sits beside the report and the dashboard, above `metrics/`: it stores and compares the
numbers `metrics.indicators.compute_indicators` returns and computes none itself.
"""
