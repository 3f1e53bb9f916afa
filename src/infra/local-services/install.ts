import { ensureFerretDb, ensureRedisServer } from './binaries';

/**
 * `npm run setup`: installs the local default's services ahead of time (CI, or a first start
 * that should not pause). Idempotent: does nothing when both binaries are present.
 */
function main(): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    say(`redis-server: ${ensureRedisServer(say)}`);
    say(`ferretdb: ${ensureFerretDb(say)}`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

main();
