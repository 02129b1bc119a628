import { defineConfig } from 'vite';

// The API host serves the build from its wwwroot (same origin, so no CORS and no token in a URL). `npx vite` serves the
// sources on :5173 and forwards API calls to `./leadgen api`.
export default defineConfig({
  build: {
    outDir: '../Api/wwwroot',
    emptyOutDir: true,
    // Every asset a file of its own: the Content-Security-Policy allows nothing inline, data: URIs included.
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://localhost:5080' } },
});
