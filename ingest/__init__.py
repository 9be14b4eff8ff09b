"""Parse steering documents (plain text extracted from PDFs) into RDF.

The parser recognises structure (numbering, headings, table rows); it holds no titles or
counts of any particular plan. ingest depends only on ontology/.
"""
