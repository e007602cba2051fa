"""Business rules as plain functions. They take a tenant (or the objects they act
on) and values, change the session, and raise ServiceError on bad input. The
caller commits: one transaction per unit of work."""
