"""Reading inputs (files, folders, globs) and writing outputs."""
