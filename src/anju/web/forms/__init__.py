"""Every input of the pages, by subject: each view binds one form and reads only its
cleaned data, so a malformed request is refused with a message instead of failing."""
