"""What the network's views share: the one page that shows a form (plan, trainings, groups)."""

from django.shortcuts import render


def form_page(request, form, title, submit, back=None, *, action=None, status=200, intro=None):
    """`network/form_page.html`: a form with its title and button, under an action of the plan or with a way back."""
    return render(
        request,
        "network/form_page.html",
        {"form": form, "title": title, "submit": submit, "action": action, "back": back, "intro": intro},
        status=status,
    )
