"""Corpus tools in the manner of KH Coder and cntext: concordance (KWIC), word frequencies,
collocations, document-term matrices and co-occurrence networks.

Every tool reads a *corpus source* (``textkit.corpus.source``): extract outputs (.sqlite, .jsonl,
.csv, .xlsx, .parquet) or documents (files, folders, manifests), normalised on the fly. The CLI
commands ``kwic``, ``freq``, ``dtm`` and ``network`` are thin layers over these modules.
"""
