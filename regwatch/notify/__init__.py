"""Notifications: the weekly digest, urgent Slack posts and the outbox that delivers both exactly once.

Modules: ``digest`` (build/render/enqueue digests), ``slack`` (Block Kit payloads, webhook poster), ``urgent``
(urgency rules from ``urgency.yaml``), ``outbox`` (the delivery state machine), ``smtp`` (the SMTP sender),
``sink`` (local SMTP and webhook receivers for the demo and tests), ``subscribers`` (management),
``i18n`` (frame strings and glossary), ``translate`` (pluggable translators), ``cli`` (click groups).
"""
