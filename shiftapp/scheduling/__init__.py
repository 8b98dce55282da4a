"""Scheduling optimisation (OR-Tools CP-SAT): pure models fed plain data by the services."""
