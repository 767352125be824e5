"""What readers get: the static HTML report and archive (view models built in Python, Jinja2
templates that only lay them out), its downloads and feed, and the check JSON document.

Reads runs through the store (egov_audit.store) and the audit's model; runs no SQL of its own
and imports nothing of the orchestration or the command line.
"""
