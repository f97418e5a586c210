// Starts Swagger UI on /api/docs (a file, not an inline script: the pages' CSP allows none).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
