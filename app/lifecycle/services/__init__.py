"""Lifecycle services: tenants (deletion and shared helpers), export, partners, people."""
