"""Imported by the fork server of ``harness.run_extract``: textkit with the pipelines the runs use, loaded
once, so that every run forked from the server starts at once (the command line finds them cached)."""

from __future__ import annotations

import logging

import jieba

from textkit import cli  # noqa: F401  (the command line and its commands)
from textkit.batch import BatchConfig, pipeline_for

jieba.setLogLevel(logging.WARNING)
for pipes in (None, ("measures",)):
    pipeline_for(BatchConfig(mode="extract", model=None, slogans=None, script="simplified", structure=True, pipes=pipes))
