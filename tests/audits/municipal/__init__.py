"""Three small municipal portals written here (English, Russian, Kazakh), each with some of LOSI's
indicators deliberately missing, and the answer the audit must give for each indicator."""
