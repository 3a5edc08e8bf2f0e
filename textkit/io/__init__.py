"""Reading inputs (files, folders, globs, manifests) and writing outputs.

Inputs: ``readers`` decodes text files and keeps the suffix → reader registry; ``formats``
registers the readers of .docx, .pdf and .html (imported here, so that every use of the
package sees them); ``manifests`` parses CSV/TSV/JSONL manifests. Outputs: ``outputs`` holds
one module per output format, registered by suffix; ``writers`` journals a run and dispatches
to them; ``records`` reads any of them back.
"""

from textkit.io import formats  # noqa: F401  (registers the .docx, .pdf and .html readers)
