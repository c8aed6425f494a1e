"""Pure rules of the registry: no Django, no clock, no I/O."""
