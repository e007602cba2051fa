"""What every feature shares: the model column helpers, domain errors and their pages,
form helpers and validation, the permission idiom, tokens, CSV exports, security
headers, routing converters and the request hooks that are not about tenants."""
