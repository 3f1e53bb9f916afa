import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { registerLicenses } from './commands/licenses';
import { registerLog } from './commands/log';
import { registerMembers } from './commands/members';
import { registerOrgs } from './commands/orgs';
import { registerReconcile } from './commands/reconcile';
import { registerTokens } from './commands/tokens';
import { DEFAULT_URL } from './connection';
import type { CliIo } from './io';
import { integerAt } from './parse';

const HELP_AFTER = `
Connection:
  --url, else SEATSYNC_URL, else ${DEFAULT_URL}.
  --key, else ADMIN_API_KEY, else $DATA_DIR/admin-api-key (./.data by default), the file
  \`npm start\` writes. The key is never printed.

Output: tables for people; --json for scripts (log tail --json: one object per line).
Exit codes: 0 ok, 1 the operation failed (the API's error code and message on stderr),
2 usage error, 130 interrupted.`;

/** The command tree. Nothing here exits the process: runCli maps outcomes to exit codes. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('seatsync');
  program
    .description('seatsync admin CLI: a client of the admin API')
    .option('--url <url>', `server URL (default: SEATSYNC_URL or ${DEFAULT_URL})`)
    .option('--key <key>', 'admin API key (default: ADMIN_API_KEY or .data/admin-api-key)')
    .option('--json', 'machine-readable output')
    .option('--timeout <ms>', 'per-request timeout', integerAt(100, 3_600_000), 30_000)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
    })
    .addHelpText('after', HELP_AFTER);
  program.version(packageVersion() ?? 'unknown', '-V, --version');

  registerOrgs(program, io);
  registerTokens(program, io);
  registerLicenses(program, io);
  registerMembers(program, io);
  registerLog(program, io);
  registerReconcile(program, io);
  return program;
}

function packageVersion(): string | undefined {
  // src/cli or dist/src/cli: the package root is two or three folders up.
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'seatsync') return pkg.version;
    } catch {
      // Try the next folder.
    }
  }
  return undefined;
}
