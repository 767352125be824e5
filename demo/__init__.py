"""The bundled demo portal: a trilingual public-services portal in three versions, with
a catalogue of the defects each version carries (catalogue.yaml)."""
