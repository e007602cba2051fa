"""Background jobs: asking for work (submit), running it (runner), leases and the reaper."""
