"""What every part of the command line shares, with nothing to import: the exit codes and the run's state.
Kept apart from ``common`` so that ``capacity --help`` imports neither it nor its option definitions."""

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2

EXIT_CODES_HELP = "Exit codes: 0 ok, 1 a checked threshold failed, 2 bad input or usage."

STATE = {"debug": False, "no_cache": False, "stdout_lost": False, "recorder": None}
