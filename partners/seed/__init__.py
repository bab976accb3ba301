"""The demo world (``load_demo``) and synthetic data at the reference scale (``generate_data``): an app of its own,
so the domain app carries no sample data."""
