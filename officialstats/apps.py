from django.apps import AppConfig


class OfficialStatsConfig(AppConfig):
    name = "officialstats"
    verbose_name = "Statistiques officielles"
