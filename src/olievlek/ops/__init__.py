"""Running olievlek in production: the server, health, background jobs, backups.

``olievlek serve`` / ``worker`` / ``backup`` / ``restore`` live in :mod:`.commands`; the
request id that ties a log line to a request in :mod:`.requestid`; background jobs with
progress in :mod:`.jobs`; the consistent copy in :mod:`.backup`. See docs/deploy.md.
"""
