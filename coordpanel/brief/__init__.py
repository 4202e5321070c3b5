"""The daily brief (今日简报): what a compound's leaders send upwards each morning, as figures, PDF, text and per district.

figures (what it says), sources (figures of other features), diff (since the day before), sections (in words),
text (chat), pdf (A4, imports reportlab: load it only when a PDF is wanted), district (one line per compound)."""
