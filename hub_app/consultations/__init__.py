"""Consultations (相談・技術助言) of both hubs, with their timeline of activities (対応履歴):
Welltech's product consultations and technical advice, K-NIC's start-up consultations.
One form, one service and one set of pages, told by `hubs` what differs per hub."""
