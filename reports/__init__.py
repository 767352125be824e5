"""Static HTML reports: view models built in Python, Jinja2 templates that only lay them out."""
