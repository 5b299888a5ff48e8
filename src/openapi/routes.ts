// The API descriptions, served: OpenAPI as JSON and YAML (built from the same data), and the
// AsyncAPI file of the native protocol from docs/.
import { readFileSync } from 'node:fs';
import type { Route } from '../seam/http.js';
import { openapiDocument } from './document.js';
import { toYaml } from './yaml.js';

/** docs/ beside src/ and dist/ alike. */
const ASYNCAPI = new URL('../../docs/asyncapi.yaml', import.meta.url);

const YAML = { 'content-type': 'application/yaml; charset=utf-8' };

export function apiDocRoutes(): Route[] {
  const doc = openapiDocument();
  const yaml = toYaml(doc);
  let asyncapi: string | null = null;
  return [
    { method: 'GET', path: '/openapi.json', handler: () => ({ status: 200, body: doc }) },
    {
      method: 'GET',
      path: '/openapi.yaml',
      handler: () => ({ status: 200, headers: YAML, body: yaml }),
    },
    {
      method: 'GET',
      path: '/asyncapi.yaml',
      handler: () => {
        asyncapi ??= readFileSync(ASYNCAPI, 'utf8');
        return { status: 200, headers: YAML, body: asyncapi };
      },
    },
  ];
}
