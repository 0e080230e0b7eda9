"""The commands of `python -m calico_kb` that are more than a call of the core."""
