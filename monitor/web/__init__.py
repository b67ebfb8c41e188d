"""The read-only web view, JSON API and Atom feeds over the store (`monitor serve`).

`create_app(config, engine)` builds the FastAPI application; `server` runs it with uvicorn
(in the foreground, or in a thread beside the daemon or the demo). Every read goes through
`store.query` and `store.listing`, as the CLI's do: this package holds no SQL.
"""

from monitor.web.app import create_app

__all__ = ["create_app"]
