"""Helpers for the site's executed snippets: the notation table, diagrams and check tables.

Not part of the rnnmath package: these only draw and format what the pages
compute with rnnmath and Keras.
"""
