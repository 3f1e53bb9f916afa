import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load-driver';
import { ROOT } from './processes';

export interface WorkloadRow {
  workload: string;
  target: 'connector' | 'bare express';
  result: LoadResult;
}

export interface BenchReport {
  date: string;
  machine: { cores: number; memoryGb: number; cpu: string; node: string };
  store: string;
  settings: Record<string, unknown>;
  rows: WorkloadRow[];
  ratios: Record<string, number>;
  extra: Record<string, unknown>;
}

export function machineInfo() {
  return {
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
  };
}

export function formatTable(rows: WorkloadRow[], ratios: Record<string, number>): string {
  const header = '| workload | target | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | errors |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(({ workload, target, result: r }) =>
    `| ${workload} | ${target} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${r.requests} | ${r.unexpected} | ${r.errors} |`,
  );
  const ratioLines = Object.entries(ratios).map(([name, value]) => `- ${name}: **${value.toFixed(2)}x**`);
  return [header, sep, ...lines, '', ...ratioLines].join('\n');
}

export function writeReport(report: BenchReport): { json: string; markdown: string } {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  const json = path.join(dir, `${stamp}.json`);
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = path.join(ROOT, 'BENCHMARKS.md');
  const section = [
    `## Run of ${report.date}`,
    '',
    `Machine: ${report.machine.cores} cores (${report.machine.cpu}), ${report.machine.memoryGb} GB, Node ${report.machine.node}. Store: ${report.store}.`,
    `Settings: ${Object.entries(report.settings).map(([k, v]) => `${k}=${String(v)}`).join(', ')}.`,
    '',
    formatTable(report.rows, report.ratios),
    '',
    ...Object.entries(report.extra).map(([k, v]) => `- ${k}: ${typeof v === 'number' ? v.toFixed(1) : JSON.stringify(v)}`),
    '',
    `Raw figures: \`bench/results/${path.basename(json)}\`.`,
    '',
  ].join('\n');
  const head = '# Benchmarks\n\nProduced by `npm run bench` (see bench/run.ts); newest run first.\n\n';
  const previous = fs.existsSync(markdown) ? fs.readFileSync(markdown, 'utf8').replace(head, '') : '';
  fs.writeFileSync(markdown, head + section + '\n' + previous);
  return { json, markdown };
}
