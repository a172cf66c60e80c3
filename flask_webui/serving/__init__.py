"""Serving plumbing: the WSGI layers around the app (assets, socket options,
frame limits, idle connections), the app's ``WEBUI_*`` settings and what
python-socketio's client manager needs at scale."""
