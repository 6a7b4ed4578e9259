"""Evaluation suites and benchmarks of AuditPrep (``auditprep eval``).

Suites: ``retrieval`` (gold sets over the bundled corpus and CMRC 2018), ``planner``,
``answers`` and ``perf``. Each returns ``{dataset: {system: {metric: value}}}``; the runner
collects them under the suite's name, prints tables and writes JSON and plots. This package
may import ``assistant`` and ``ingest``; nothing outside it imports it (the CLI loads it lazily).
"""
