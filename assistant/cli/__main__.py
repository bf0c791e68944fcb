"""`python -m assistant.cli`: the same as the `brain` command."""

from assistant.cli.main import main

main()
