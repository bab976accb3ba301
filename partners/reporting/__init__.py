"""The manager figures: derived rows of meetings per day and organisations met per month, kept by triggers."""
