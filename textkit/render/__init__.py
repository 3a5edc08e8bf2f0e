"""HTML output: screening pages (``pages``), the corpus report page (``report_page``) and inline SVG charts (``charts``)."""
