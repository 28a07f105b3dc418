"""Periods, unit reports and their figures, the review workflow and the audit trail."""
