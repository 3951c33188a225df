"""Make: what to build, what is out of date, and building it (options, keys, manifest, jobs,
the pool, targets)."""
