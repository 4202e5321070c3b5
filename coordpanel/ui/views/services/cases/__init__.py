"""The case log page (疫情记录): trend, table, a day's entry and corrections."""
