"""Use cases, written once and called by both the REST API and the Reflex pages."""

# Registers the session events that drop the dashboard's kept figures when a change commits, in every
# process that writes through the services (web workers, job workers, scripts).
from shiftapp.services import figure_cache as _figure_cache  # noqa: F401
