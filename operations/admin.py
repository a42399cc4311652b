from django.contrib import admin

from operations.models import JobLease, JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("job", "command", "started_at", "finished_at", "heartbeat_at", "status")
    list_filter = ("job", "status")
    readonly_fields = ("job", "command", "started_at", "finished_at", "heartbeat_at", "status", "output")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # The history is pruned by the runner (MAILLAGE_JOB_HISTORY_DAYS), not by hand.
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobLease)
class JobLeaseAdmin(admin.ModelAdmin):
    list_display = ("job", "holder", "expires_at")

    def has_add_permission(self, request):
        return False
