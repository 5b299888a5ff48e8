// Builds the dashboard's static assets into dist/dashboard-ui/: one ES module bundle (the page,
// the SDK from sdk/dist, lightweight-charts from npm), its CSS and HTML. Runs in `npm run build`
// (so `npm ci` runs it through `prepare`); the server only serves the files.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const out = 'dist/dashboard-ui';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/dashboard/ui/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  outfile: `${out}/app.js`,
  logLevel: 'warning',
});
for (const f of ['index.html', 'app.css']) copyFileSync(`src/dashboard/ui/${f}`, `${out}/${f}`);
const js = readFileSync(`${out}/app.js`);
if (process.env.npm_config_loglevel !== 'silent') {
  process.stderr.write(
    `dashboard: app.js ${(statSync(`${out}/app.js`).size / 1024).toFixed(1)} KiB ` +
      `(${(gzipSync(js).length / 1024).toFixed(1)} KiB gzipped)\n`,
  );
}
