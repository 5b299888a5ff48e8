// Request bodies in flight share one byte budget: past it a request gets 503 and gives its bytes
// back, and every finished or failed read returns what it held.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { LinecastError } from '../../errors/catalogue.js';
import { BodyBudget, readBody } from './body.js';

test('uploads past the shared budget are refused with 503; the budget returns to 0', async () => {
  const budget = new BodyBudget(64 * 1024);
  const outcomes: string[] = [];
  const server = createServer((req, res) => {
    readBody(req, 1024 * 1024, budget).then(
      (b) => {
        outcomes.push(`ok ${b.length}`);
        res.end('ok');
      },
      (e: LinecastError) => {
        outcomes.push(e.code);
        res.writeHead(e.status, { connection: 'close' }).end();
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const upload = (size: number) =>
    request({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': size } });
  const until = async (ok: () => boolean) => {
    while (!ok()) await new Promise((r) => setTimeout(r, 5));
  };

  // A holds 48 KiB and stalls; B's 32 KiB do not fit beside it.
  const a = upload(58 * 1024);
  a.on('error', () => {});
  a.write(Buffer.alloc(48 * 1024));
  await until(() => budget.inFlight === 48 * 1024);
  const b = upload(32 * 1024);
  const bStatus = new Promise<number>((r) => b.on('response', (res) => r(res.statusCode ?? 0)));
  b.on('error', () => {});
  b.end(Buffer.alloc(32 * 1024));
  assert.equal(await bStatus, 503);
  assert.equal(budget.inFlight, 48 * 1024, 'B gave back what it held');
  // A finishes within the budget once it sends the rest, and gives its bytes back.
  const aStatus = new Promise<number>((r) => a.on('response', (res) => r(res.statusCode ?? 0)));
  a.end(Buffer.alloc(10 * 1024));
  assert.equal(await aStatus, 200);
  assert.equal(budget.inFlight, 0);
  assert.deepEqual(outcomes, ['LC_ERR_LIMIT_OVERLOADED', `ok ${58 * 1024}`]);
  server.close();
});
