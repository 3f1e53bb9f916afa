import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkloadRow } from './context';
import { ROOT } from './processes';

export interface BenchReport {
  date: string;
  machine: { cores: number; memoryGb: number; cpu: string; node: string };
  store: string;
  settings: Record<string, unknown>;
  rows: WorkloadRow[];
  ratios: Record<string, number>;
  notes: Record<string, unknown>;
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
  const ratioLines = Object.entries(ratios).map(([name, value]) => `- ${name}: **${value}x**`);
  return [header, sep, ...lines, '', ...ratioLines].join('\n');
}

export function formatNotes(notes: Record<string, unknown>): string {
  return Object.entries(notes)
    .map(([k, v]) => `- ${k}: ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`)
    .join('\n');
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
    formatNotes(report.notes),
    '',
    `Raw figures: \`bench/results/${path.basename(json)}\`.`,
    '',
  ].join('\n');
  const marker = '\n## Run of ';
  const existing = fs.existsSync(markdown) ? fs.readFileSync(markdown, 'utf8') : '# Benchmarks\n';
  // New runs go above older ones, below whatever introduction the file starts with.
  const cut = existing.indexOf(marker);
  const intro = cut >= 0 ? existing.slice(0, cut + 1) : `${existing.trimEnd()}\n\n`;
  const older = cut >= 0 ? existing.slice(cut + 1) : '';
  fs.writeFileSync(markdown, `${intro}${section}\n${older}`);
  return { json, markdown };
}
