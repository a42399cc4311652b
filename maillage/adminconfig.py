from django.contrib.admin.apps import AdminConfig


class MaillageAdminConfig(AdminConfig):
    """The admin app with a site that requires the second factor."""

    default_site = "maillage.admin.MaillageAdminSite"
