"""The technical admin site requires the second factor too (django-otp's OTPAdminSite)."""

from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class MaillageAdminSite(OTPAdminSite):
    site_header = _("Maillage — administration technique")
    site_title = _("Maillage")

    def __init__(self, name="admin"):
        super().__init__(name)
