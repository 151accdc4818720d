"""techties: an observatory of technological cooperation between countries."""

__version__ = "0.1.0"
