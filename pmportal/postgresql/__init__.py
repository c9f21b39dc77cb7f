"""Django's PostgreSQL backend with a health check that asks the kernel first (base.py)."""
