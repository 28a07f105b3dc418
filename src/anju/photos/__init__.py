"""Photos of anything anju keeps: stored by anju under its data directory, checked by decoding,
read for the time and place they were taken, served only to those who may read their owner.

The whole of the app's interface (see ``services``):

- ``register_owner(model, can_read=..., check_write=..., on_change=...)``: an owner app says who
  may see and who may add or remove photos of its objects, and hears of every add and remove
  (to record it in its own history). An owner app calls it from its ``AppConfig.ready``.
- ``store_photo(owner, upload, user) -> Photo``: checks the file and stores it, or raises
  ``django.core.exceptions.ValidationError`` (messages in Chinese) and stores nothing.
- ``photos_of(owner)``: the owner's photos, oldest first.
- ``remove_photo(photo, user)``.
- ``photo_readable(pk, user) -> Photo``: for the page that serves a photo or its thumbnail.
"""
