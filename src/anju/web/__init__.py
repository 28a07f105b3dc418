"""The web application's pages."""
