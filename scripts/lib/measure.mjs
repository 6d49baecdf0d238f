// Wall time and peak memory of a child process and all its descendants (worker processes included).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

const SAMPLE_MS = 25;
const PAGE_KB = 4;

/** pid → parent pid for every process, from /proc (Linux). */
function processTable() {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after its ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return parents;
}

function treeRssKb(rootPid) {
  const parents = processTable();
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_KB;
    } catch {
      // Ended while sampling.
    }
  }
  return total;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to completion, sampling the resident memory of its whole process tree every
 * 25 ms (a sum, so worker processes count; a single process's maxRSS would hide them). With GNU
 * time installed it also reports CPU seconds (user + system, children included), which other
 * load on the machine disturbs far less than wall time.
 */
export function runMeasured(command, args, options = {}) {
  const timeDir = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), 'safe-requests-time-')) : undefined;
  const timeFile = timeDir && join(timeDir, 'cpu');
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peakKb = 0;
    const timer = setInterval(() => {
      peakKb = Math.max(peakKb, treeRssKb(child.pid));
    }, SAMPLE_MS);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearInterval(timer);
      const wallMs = performance.now() - started;
      let cpuMs;
      if (timeDir) {
        const fields = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
        cpuMs = (fields[0] + fields[1]) * 1000;
        rmSync(timeDir, { recursive: true, force: true });
      }
      resolve({ status, wallMs, cpuMs, peakMb: peakKb / 1024, stdout, stderr });
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
