"""Data lifecycle: a tenant's data export and the deletion of tenants, partners and people
(with what must be kept anonymised); the pages that ask for them live with tenants, partners and auth."""
