"""Wire models: the API's JSON as pydantic models.

And the parser that reads response bytes into them, or says what is wrong.
"""
