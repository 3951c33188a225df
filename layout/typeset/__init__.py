"""How the report looks: styles, fonts, flowables, page templates, compose (model -> flowables)."""
