"""Verifiable proof: Open Badges 3.0 credentials (W3C VC Data Model 2.0), secured as VC-JOSE JWTs.

See docs/credentials.md for the shape, the keys and how verification works.
"""
