"""Settings of the `make bench` and `make chaos` servers: production settings plus a bare view.

The bare view (`/__bench/bare`) runs through the whole middleware stack and returns two bytes:
it is the framework's ceiling on this machine, measured in the same run as every route. It is
reachable only under these settings, never in a deployment.
"""

from pmportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
# The load generator plays nginx: it sends X-Forwarded-For, so allauth's per-IP rate limits see
# many visitors instead of one (what a deployment behind one proxy does, docs/deployment.md).
ALLAUTH_TRUSTED_PROXY_COUNT = 1
