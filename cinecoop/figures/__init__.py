"""Plotly figure builders: one small function per chart, frame in, figure out."""
