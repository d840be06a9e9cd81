"""The importer's public face (the CLI and the web data page import from here); see data_access/importing/."""
from .importing import *  # noqa: F401,F403
from .importing import __all__  # noqa: F401
