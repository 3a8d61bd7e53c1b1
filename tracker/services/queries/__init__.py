"""Read queries shared by every surface: the filter applied in SQL, the topic tree, the status
and visibility rules as SQL expressions, and the ``q`` words answered by the search index."""
