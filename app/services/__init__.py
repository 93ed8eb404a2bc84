"""Use cases over the graph. No Flask imports: the API, the CLI and the workers all call these."""
