from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "partners.seed"
    label = "seed"
    verbose_name = "Demo and synthetic data"
