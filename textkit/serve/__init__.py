"""``textkit serve``: a local web page where staff drop submissions and get the screening back.

* ``uploads``: safe names, size limits, zips of folders (``UploadLimits``, ``UploadRefused``);
* ``screener``: the uploaded submissions, the loaded pipeline, screening in a worker thread;
* ``app``: the Starlette application (routes and defences); ``page``: the page itself.

    >>> from textkit.serve.app import create_app
    >>> from textkit.serve.screener import Screener
    >>> app = create_app(Screener(get_pipeline(), work_dir))
"""
