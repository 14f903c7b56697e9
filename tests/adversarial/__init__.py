"""Adversarial inputs: hostile data, bad arguments and broken files, each with its expected exit."""
