import type { Command } from 'commander';
import { AdminApi } from './api-client';
import { resolveConnection } from './connection';
import type { CliIo } from './io';

export interface GlobalOptions {
  url?: string;
  key?: string;
  json?: boolean;
  timeout: number;
}

/** What an action needs: the io, the parsed global options and an API client built from them. */
export class CommandContext {
  readonly options: GlobalOptions;
  private client: AdminApi | undefined;

  constructor(
    readonly io: CliIo,
    command: Command,
  ) {
    this.options = command.optsWithGlobals<GlobalOptions>();
  }

  get json(): boolean {
    return Boolean(this.options.json);
  }

  get api(): AdminApi {
    this.client ??= new AdminApi(
      resolveConnection({ url: this.options.url, key: this.options.key }, this.io.env, this.io.cwd),
      this.io.fetch,
      this.options.timeout,
      this.io.signal,
    );
    return this.client;
  }

  out(text: string): void {
    this.io.out(text);
  }

  /** Notes for a person (hints, progress) go to stderr, so stdout stays the command's result. */
  note(text: string): void {
    this.io.err(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Wraps an action so it receives its context first; commander passes the command last. */
export function act<A extends unknown[]>(io: CliIo, run: (ctx: CommandContext, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    await run(new CommandContext(io, command), ...(args.slice(0, -1) as A));
  };
}

export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((acc, part, i) => acc + part + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}
