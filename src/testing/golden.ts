// Golden frames: a frame compared with its file under a dialect's golden/ folder, byte-exact
// (key order included), whitespace aside. `GOLDEN_UPDATE=1` rewrites the files; review the
// diff before committing it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

/** `dir` is the golden folder's URL, e.g. `new URL('./golden/', import.meta.url)`. */
export function expectGolden(dir: URL, name: string, received: string): void {
  const path = new URL(`${name}.json`, dir);
  if (process.env['GOLDEN_UPDATE'] === '1') {
    writeFileSync(path, `${JSON.stringify(JSON.parse(received), null, 2)}\n`);
  }
  const expected = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')));
  assert.equal(received, expected, `golden/${name}.json`);
}
