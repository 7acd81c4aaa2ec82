"""pelatihan selectors, one module per area: dasar (shared reads), program, kebutuhan, alokasi,
jp (the ledger and the fair access report), mentoring."""
