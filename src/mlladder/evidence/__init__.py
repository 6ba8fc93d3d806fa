"""Evidence from documents: readers turn files into located text, extractors turn text into cited evidence."""
