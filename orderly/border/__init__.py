"""Border: crossing points and every entry and exit recorded there."""
