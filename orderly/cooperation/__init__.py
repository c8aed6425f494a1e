"""Cooperation: bilateral agreements, multilateral mechanisms and cooperation projects."""
