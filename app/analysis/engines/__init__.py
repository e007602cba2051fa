"""Sentiment engines: each scores a text; app/analysis/services/labels.py turns scores into labels."""
