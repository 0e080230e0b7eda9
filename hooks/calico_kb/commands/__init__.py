"""What `python -m calico_kb` runs: the command line (cli.py) and its commands."""
