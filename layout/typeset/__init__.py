"""How the report looks: styles, fonts, flowables, page templates, and compose (model -> flowables)."""
