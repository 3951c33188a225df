"""The command line of the report builder: `main.main` parses and dispatches."""
