// Starts Swagger UI on /docs (a file, not an inline script, so the page's CSP needs no hash).
window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
});
