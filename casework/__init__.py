"""Shared follow-up: situations, people, pathways, referrals under consent, danger assessment, programmes."""
