"""Pure rules of the statistics: who counts in which category, and what may be published."""
