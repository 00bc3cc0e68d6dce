"""Screens of the monitor: figures in (views.figures) and the network's monitor (views.network)."""
