"""pelatihan services, one module per area: program, kebutuhan, alokasi, jp, mentoring."""
