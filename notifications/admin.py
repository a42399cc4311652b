"""Technical admin: the outbox (to see what waits or fails), without the messages' recipients' addresses."""

from django.contrib import admin

from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"]
    list_filter = ["status"]
    fields = ["status", "attempts", "next_attempt_at", "last_error", "subject", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
