"""What the report says: its content read from YAML, validated into a frozen model, numbered and selected."""
