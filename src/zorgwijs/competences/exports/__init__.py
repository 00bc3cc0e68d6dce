"""Proof for the inspectorate: the IGJ evidence pack (XLSX, PDF) and the personal passport PDF."""
