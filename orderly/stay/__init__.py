"""Lawful stay: policy packs, the pure decision engine, and where its answers are used."""
