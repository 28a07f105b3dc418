"""anju (安居): the urban affordable-housing programme's targets, reports and bulletins."""
