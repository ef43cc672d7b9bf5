"""mmdiag: diagnose why a Hyperliquid market maker stopped quoting, from its tracing logs."""

__version__ = "0.1.0"
