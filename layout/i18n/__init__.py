"""The translators' round trip: coverage, PO export and import, write-back into the YAML files."""
