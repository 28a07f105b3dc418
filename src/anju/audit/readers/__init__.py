"""Readers turn a bulletin file of each format into the same parsed Document."""
