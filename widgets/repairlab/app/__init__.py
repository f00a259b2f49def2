"""The self-study app around the modules: catalogue, landing page, navigation."""
