"""Signals of the programme layer, for the layers above it to follow without being imported."""

from __future__ import annotations

from django.dispatch import Signal

# A unit moved to another place in the tree (its path changed), with its subtree:
# sent with ``unit`` (saved, its new path) and ``old_path``, inside the saving transaction.
unit_moved = Signal()
