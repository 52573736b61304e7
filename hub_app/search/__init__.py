"""One search box for every record a user may read (DESIGN §11): the index, its upkeep on
every flush, the query, and the page behind the header's box."""
