// Signing keys and money: `linecast keys create --plan polymarket` prints a key id and a base64
// secret once and stores only the public key; the account opens with the configured starting
// balance; the admin API funds it (and refuses a withdrawal past its cash without a change).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestApp } from '../../testing/app.js';
import { call, type PolymarketServer } from '../../testing/polymarket.js';

const cli = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });

test('keys create --plan polymarket: a signing key that trades; admin funding', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-pm-keys-'));
  try {
    const out = cli([
      'keys',
      'create',
      '--plan',
      'polymarket',
      '--account',
      'acme',
      '--data-dir',
      dir,
    ]);
    const keyId = /key id: (\S+)/.exec(out)?.[1];
    const secret = /secret: (\S+)/.exec(out)?.[1];
    assert.ok(keyId && secret, out);
    assert.equal(Buffer.from(secret, 'base64').length, 32);
    const stored = readFileSync(join(dir, 'keys.json'), 'utf8');
    assert.ok(!stored.includes(secret), 'the secret is never stored');
    assert.match(stored, /"publicKey"/);

    const t = await startTestApp({ 'dialects.polymarket.startingBalance': 250 }, dir);
    try {
      const s = { base: t.app.urls['polymarket']!, now: Date.now } as PolymarketServer;
      const k = { keyId, secret, account: 'acme' };
      const balances = async () =>
        (
          (await call(s, k, 'GET', '/v1/account/balances')).body.balances as {
            currentBalance: number;
          }[]
        )[0]!.currentBalance;
      assert.equal(await balances(), 250);
      const fund = (account: string, body: unknown) =>
        fetch(`${t.url}/admin/accounts/${account}/fund`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.app.adminToken}` },
          body: JSON.stringify(body),
        });
      const ok = await fund('acme', { amount: 100 });
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { account: 'acme', currentBalance: 350, buyingPower: 350 });
      assert.equal(await balances(), 350);
      assert.equal((await fund('acme', { amount: -1_000 })).status, 400);
      assert.equal((await fund('nobody', { amount: -1 })).status, 400);
      assert.equal((await fund('acme', { amount: 'lots' })).status, 400);
      const noToken = await fetch(`${t.url}/admin/accounts/acme/fund`, {
        method: 'POST',
        body: '{"amount":5}',
      });
      assert.equal(noToken.status, 401);
      assert.equal(await balances(), 350);
      // The admin API issues signing keys too: the secret once, in the answer.
      const created = await fetch(`${t.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.app.adminToken}` },
        body: JSON.stringify({ plan: 'polymarket', account: 'beta', signed: true }),
      });
      assert.equal(created.status, 201);
      const issued = (await created.json()) as { keyId: string; secret: string };
      const beta = { keyId: issued.keyId, secret: issued.secret, account: 'beta' };
      assert.equal((await call(s, beta, 'GET', '/v1/account/balances')).status, 200);
    } finally {
      await t.close({ keepData: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
