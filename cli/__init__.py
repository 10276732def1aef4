"""The ``capacity`` command line: thin typer commands over the ``capacity`` library."""
