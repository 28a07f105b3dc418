"""专项巡查: inspection rounds, their visits and findings, and each finding followed through
rectification and verification to closure, or past its deadline to escalation."""
