"""Exceptions with messages meant for users."""


class TextkitError(Exception):
    """Base class: the message is shown to the user as is."""


class InputError(TextkitError):
    """An input file could not be read (missing, empty, binary, undetectable encoding…)."""


class ModelError(TextkitError):
    """A model file is missing or not a valid textkit model."""
