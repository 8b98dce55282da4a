"""Request and response schemas per resource family (Create / Update / Public), so each route's
body and answer are declared once and /openapi.json documents them field by field."""
