"""Settings for publishing: the development settings plus the real address of the site."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address, without a trailing slash; `make publish SITEURL=...` overrides it.
SITEURL = os.environ.get("SITEURL", "https://qingxi.example.gov.cn")
RELATIVE_URLS = False
