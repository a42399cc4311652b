"""Caching of the observatory's computations, invalidated by any write to the data they read.

Every computed table is cached under a key that carries a data version. The version changes whenever a statement
writes to one of the tables the indicators read (insert, update or delete, whether through a model's save, a
queryset's update, a bulk load or the admin): a wrapper on the database connection looks at each writing
statement's table, bumps the version at once and again when the transaction commits, so that a figure computed
while the write was not yet committed is never served afterwards. Reads cost nothing more than a string test."""

import hashlib
import json

from django.core.cache import cache
from django.db import connection, transaction
from django.db.backends.signals import connection_created

VERSION_KEY = "observatory:data-version"
TIMEOUT = 24 * 3600
_WRITES = ("INSERT", "UPDATE", "DELETE")


def watched_tables():
    from observatory.sources import data_version_models

    return {model._meta.db_table for model in data_version_models()}


_TABLES = None


def _tables():
    global _TABLES
    if _TABLES is None:
        _TABLES = tuple(watched_tables())
    return _TABLES


def version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY, 1)
    return value


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    head = sql.lstrip()[:6].upper()
    writes = head in _WRITES or (head == "WITH" and any(word in sql.upper() for word in _WRITES))
    if writes and any(table in sql for table in _tables()):
        bump()
        conn = context["connection"]
        if conn.in_atomic_block:
            transaction.on_commit(bump, using=conn.alias)
    return result


def _install(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def connect_invalidation():
    connection_created.connect(_install, dispatch_uid="observatory-invalidation")
    # The connection of this thread may already be open (management commands, tests).
    if connection.connection is not None:
        _install(None, connection)


def cached(namespace, parts, compute):
    """compute() once per data version and arguments."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]
    key = f"observatory:{namespace}:{version()}:{digest}"
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value
