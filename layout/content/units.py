"""Limits of the print settings, in millimetres: shared by the validator, the schema and the
command line (which must not load the validator to word its --bleed and --creep errors)."""

BLEED_MAX_MM = 10.0
"""The largest bleed the print settings accept, in millimetres."""
CREEP_MAX_MM = 2.0
"""The largest creep per sheet the print settings accept, in millimetres."""
PRESS_BLEED_MM = 3.0
"""The press edition's bleed when the print settings give none."""
