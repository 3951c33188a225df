"""What to build and building it: options, keys, manifest, rendering jobs, the pool, targets."""
