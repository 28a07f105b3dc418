"""Users' roles and the one policy that decides who may read or write what."""
