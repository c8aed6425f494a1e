"""The synthetic demo population: ``orderly demo-data``. No real personal data, ever."""
