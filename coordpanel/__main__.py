"""python -m coordpanel: the admin CLI."""

from coordpanel.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
