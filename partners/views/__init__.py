from .home import HomeView

__all__ = ["HomeView"]
