"""The local web app (``mlladder serve``): a thin shell of pages and a JSON API over the library and the store.

``create_app(settings)`` builds it; :class:`Settings` says how it runs (single-user by default, team mode with
accounts when ``multi_user`` is set).
"""

from mlladder.web.app import create_app
from mlladder.web.settings import Settings, SettingsError

__all__ = ["Settings", "SettingsError", "create_app"]
