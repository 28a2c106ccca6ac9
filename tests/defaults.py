"""The settings every test runs with unless it says otherwise, in one place.

tests/conftest.py applies them to each test. Processes that tests start run outside
pytest's settings, so they take the same values from here: tests/throttling/
process_settings.py and tests/workflow/sqlite_race.py the hasher (an account made by the
test must sign in inside the process), tests/reliability/seed.py and `make audit`
(tests/audit/audit.py) the render-ahead switch, through the environment that
colophon/settings.py reads. No Django import: a process reads this before django.setup().
"""

# The real hasher is made slow on purpose; at a few hundred accounts per run it would
# dominate the suite. A test that is about hashing sets its own.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Off: publishing a piece does not render its PDFs on commit. Renders cost seconds each
# and most tests are not about them; a test about rendering ahead turns it on itself.
PDF_RENDER_AHEAD = False

# The same defaults for a process configured by its environment (colophon/settings.py).
ENVIRONMENT = {"PDF_RENDER_AHEAD": "1" if PDF_RENDER_AHEAD else "0"}
