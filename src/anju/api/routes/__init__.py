"""The endpoints, one router per subject. Each is thin: find and check the place, call a
selector or service, return its data; errors become responses in ``anju.api.errors``."""
