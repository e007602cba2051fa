"""Integrations\x27 services: API tokens, webhook endpoints and delivery, the safe HTTP transport."""
