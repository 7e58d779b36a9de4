"""geo: find the places, events and claims in conflict news and map them offline."""
__version__ = "0.1.0"
