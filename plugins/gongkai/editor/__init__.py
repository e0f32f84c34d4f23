"""The web editor (Decap CMS): its configuration generated from the schemas, and the local server
that checks every save with the real check before writing and committing it."""
