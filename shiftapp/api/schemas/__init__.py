"""Request and response schemas per resource family (Create / Update / Public), as /openapi.json shows them."""
