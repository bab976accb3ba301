"""Building blocks of the pages below the forms, filters and tables: the autocomplete widgets and their sources."""
