"""Django's PostgreSQL backend, reaching the embedded server over its Unix socket, started on first use."""

from django.db.backends.postgresql import base, client

from .server import ensure_running


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters):
        self.connection.ensure_server()
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def ensure_server(self) -> None:
        """Start the server if no process has yet; point this connection at its socket folder."""
        embedded = self.settings_dict["EMBEDDED"]
        self.settings_dict["HOST"] = ensure_running(embedded["DATA"], embedded.get("CREATE") or "")

    def get_connection_params(self):
        self.ensure_server()
        return super().get_connection_params()
