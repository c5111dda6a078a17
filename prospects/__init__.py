"""Prospects: trade-show leads, a Kanban of deals, follow-up actions and the pipeline."""

__version__ = "0.1.0"
