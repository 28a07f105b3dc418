"""The monthly bulletin (通报): its record, its document model and the renderers."""
