"""The project register (项目库): each unit's projects, their monthly progress, the unit's
figures summed from them and reconciled with what it reports, and 公租房 cohorts."""
