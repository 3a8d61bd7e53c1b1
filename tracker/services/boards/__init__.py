"""The boards: filters and rows (``boards``), SQL pieces (``board_sql``), the tally table
(``board_tally``), the column board (``board_columns``) and the history board (``board_history``)."""
