from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "observatory"
    verbose_name = "Observatoire"

    def ready(self):
        from observatory import cache

        cache.connect_invalidation()
