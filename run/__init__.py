"""The orchestration: one portal's audit from start URL to stored run, the batch of a config
file, the scheduler, and the config file itself.

Calls the stages in order (crawl, render, audit, store, report) and hands each what it needs;
imports any of them, never the command line.
"""
