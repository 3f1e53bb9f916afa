import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Authorization headers, cookies and anything that looks like a secret
 * are removed before a line is written.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    level,
    name,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.token',
        '*.password',
        '*.adminApiKey',
      ],
      censor: '[redacted]',
    },
  });
}
