"""Sociaal Werk in Cijfers: data layer, charts and build pipeline of the book."""

from swic.data import DataError, load_resource, load_survey

__all__ = ["DataError", "load_resource", "load_survey"]
__version__ = "0.1.0"
