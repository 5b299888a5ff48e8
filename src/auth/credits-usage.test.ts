// Usage after an admin top-up: the limit grows by the top-up, `used` stays what was spent, and
// `remaining` never exceeds the limit; the same after a restart (credits.json keeps top-ups).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../testing/app.js';
import { PLANS } from '../testing/rapidodds.js';

test('/usage after a top-up reports what was granted, spent and left, in RapidOdds and Parlay', async () => {
  let t = await startTestApp({ 'auth.plans': PLANS });
  const { key, record } = t.app.keys.create('metered');
  const principal = { keyId: record.id, account: record.account, plan: 'metered' };
  const rapid = async () =>
    (await (await fetch(`${t.url}/usage?api_key=oa_${key}`)).json()) as Record<string, unknown>;
  const parlay = async () =>
    (await (await fetch(`${t.url}/v1/usage?apiKey=${key}`)).json()) as Record<string, unknown>;
  const topUp = async (add: number) => {
    const res = await fetch(`${t.url}/admin/keys/${record.id}/credits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.app.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ add }),
    });
    assert.equal(res.status, 200);
  };

  assert.ok(t.app.credits.charge(principal, 4));
  await topUp(100);
  const expected = { credits_used: 4, credits_limit: 110, credits_remaining: 106 };
  assert.deepEqual(await rapid(), { tier: 'elite', status: 'active', ...expected, resets: false });
  assert.deepEqual(await parlay(), {
    tier: 'metered',
    credits_used: 4,
    credits_remaining: 106,
    credits_total: 110,
  });

  assert.ok(t.app.credits.charge(principal, 6));
  const dir = t.dataDir;
  await t.close({ keepData: true });
  t = await startTestApp({ 'auth.plans': PLANS }, dir);
  const after = await rapid();
  assert.deepEqual(
    [after['credits_used'], after['credits_limit'], after['credits_remaining']],
    [10, 110, 100],
  );
  // Taking credits back lowers the limit too.
  await topUp(-50);
  const back = await rapid();
  assert.deepEqual(
    [back['credits_used'], back['credits_limit'], back['credits_remaining']],
    [10, 60, 50],
  );
  await t.close();
});
