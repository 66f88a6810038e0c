"""The clerk console: the service-centre face of the remote virtual window."""
