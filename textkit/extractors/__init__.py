"""Extractors: each is a callable component ``(article) -> items`` configured in its constructor."""
