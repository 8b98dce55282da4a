"""Export formats (pure): iCalendar feeds, CSV and XLSX tables, printable HTML sheets.

No database and no app imports: services gather the rows and call these to render them."""
