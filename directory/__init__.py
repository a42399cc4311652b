"""The guide: structures, services, places, hours and helplines of the territory."""
