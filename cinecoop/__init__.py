"""Cinecoop: the Iran–Russia cinema cooperation dashboard, its loader, query catalogue and command line."""
