// An SSE filter with more ids than stream.maxFilterValues is a 400, as docs/protocol.md says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../testing/app.js';

test('SSE: a filter larger than stream.maxFilterValues is refused with 400 LC_ERR_LIMIT_FILTER_SIZE', async () => {
  const t = await startTestApp({ 'stream.maxFilterValues': 3 });
  try {
    const res = await fetch(`${t.url}/v1/sse?key=${t.key}&event=a,b,c,d`);
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'LC_ERR_LIMIT_FILTER_SIZE');
  } finally {
    await t.close();
  }
});
