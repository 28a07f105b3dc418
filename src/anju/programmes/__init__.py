"""Units, programme definitions (data elements, indicators, tables, milestones) and targets."""
