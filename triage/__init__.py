"""triage: forensic snapshot and compromise triage for hacked Linux web servers."""

__version__ = "0.1.0"
