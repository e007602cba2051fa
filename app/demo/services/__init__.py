"""Demo seeding: the tenant and its people (seed), feedback and ideas, follow-ups, actions and themes, bulk generation."""
