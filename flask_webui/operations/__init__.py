"""Operations: the health check, the metrics endpoint and the live-sessions
admin page."""
