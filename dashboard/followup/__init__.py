"""Follow-up between briefings (SPEC §2.6): the reminder model and its outputs (JSON, the official letter as
DOCX, the e-mail), pure except for the SMTP delivery, which is handed its transaction by the store or the CLI."""
