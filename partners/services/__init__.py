"""Writes of the partner domain, one module per entity (HackSoft style: keyword-only, validated, in a transaction)."""
