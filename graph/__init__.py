"""The rights graph: neomodel schema, constraints, territories, the driver, and a local server."""
