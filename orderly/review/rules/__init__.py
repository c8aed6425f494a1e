"""Pure rules of the GCM review: the layouts of the official files and what is read from them."""
