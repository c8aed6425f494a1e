"""Pure rules about crossings: no Django, no clock."""
