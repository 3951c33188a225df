"""What the report says: YAML content read, validated into a frozen model, numbered, selected."""
