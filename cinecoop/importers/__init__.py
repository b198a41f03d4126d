"""Importers: other organisations' registers brought in as tables of the data contract (films, releases)."""
