// What the test suite needs from the machine, checked before any test runs. As root with apt
// (a fresh CI or developer machine) the missing Debian packages are installed; otherwise one
// line says what is missing and how to get it, and the run stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });

/** Each need: how to tell it is there, and the Debian package that brings it. */
export const NEEDS = [
  {
    what: "Python's websockets for /usr/bin/python3 (vendor client tests)",
    ok: () => run('/usr/bin/python3', ['-c', 'import websockets']).status === 0,
    pkg: 'python3-websockets',
  },
  {
    what: 'PyYAML for /usr/bin/python3 (reads the served OpenAPI YAML back)',
    ok: () => run('/usr/bin/python3', ['-c', 'import yaml']).status === 0,
    pkg: 'python3-yaml',
  },
  {
    what: 'script from util-linux (CLI tests on a pseudo terminal)',
    ok: () => run('script', ['--version']).status === 0,
    pkg: 'bsdutils',
  },
  {
    what: 'Chromium (dashboard browser test)',
    ok: () => existsSync('/usr/bin/chromium'),
    pkg: 'chromium',
    // Only needed once the project has a browser test.
    wanted: () => existsSync('src/dashboard'),
  },
];

function canInstall() {
  return process.getuid?.() === 0 && run('apt-get', ['--version']).status === 0;
}

function install(pkgs) {
  process.stderr.write(`preflight: installing ${pkgs.join(' ')} from Debian\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
  if (update.status !== 0) return false;
  const r = run('apt-get', ['install', '-y', '-qq', ...pkgs], { env, stdio: 'inherit' });
  return r.status === 0;
}

/** PostgreSQL for the history driver tests: started if installed and down, as .ci/run does. */
function postgres() {
  const ready = () => run('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;
  if (process.env.LINECAST_TEST_PG_URL || ready()) return null;
  if (canInstall() && existsSync('/etc/postgresql')) {
    const [version] = run('ls', ['/etc/postgresql']).stdout.trim().split('\n');
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    for (let i = 0; i < 30 && !ready(); i++) run('sleep', ['1']);
    if (ready()) return null;
  }
  return 'PostgreSQL on 127.0.0.1:5432 (history tests): start it, or set LINECAST_TEST_PG_URL';
}

export function preflight() {
  const missing = NEEDS.filter((n) => (n.wanted ? n.wanted() : true) && !n.ok());
  if (missing.length > 0 && canInstall()) install(missing.map((n) => n.pkg));
  const still = missing.filter((n) => !n.ok());
  const problems = still.map((n) => `${n.what}: apt-get install ${n.pkg}`);
  const pg = postgres();
  if (pg) problems.push(pg);
  return problems;
}
