"""Public views; see urls.py."""
