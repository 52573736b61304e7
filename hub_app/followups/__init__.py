"""Follow-ups (次回対応): the next step promised on a consultation, project or matching,
the dashboard panel of one's own, the 期限切れ filter and the reminder e-mail."""
