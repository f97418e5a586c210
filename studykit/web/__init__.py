"""The quiz service: a JSON API and server-rendered pages over the same core as the CLI.

app (create_app: middleware, error handlers), deps (the store pool, the learner, problem
details), api (the JSON API, schemas built from the core's types), pages (HTML pages from
templates/).
"""
