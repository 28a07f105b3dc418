"""Monthly work plans (月工作目标): each unit's cumulative goal per month for the programme's
planned figures, versioned, set or approved by the office, shown against what was reported."""
