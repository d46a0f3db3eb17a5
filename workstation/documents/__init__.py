"""The document engine: official documents from forms and case data, their fonts and Chinese line breaking,
文号 numbering, rendering to PDF and DOCX, and issued documents frozen with their bytes."""
