"""Actor registry: named and generic actors, and where a French text mentions them."""
from veille.actors.registry import ActorRegistry, default_registry

__all__ = ["ActorRegistry", "default_registry"]
