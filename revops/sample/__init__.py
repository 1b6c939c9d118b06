"""Sample-world generator: realistic, messy vendor exports with their ground truth."""

from .generate import generate_world

__all__ = ["generate_world"]
