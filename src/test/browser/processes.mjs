// The walk's child processes: started with their output in a log file, awaited until they say
// READY (or answer a URL), and every one of them stopped when the walk ends, however it ends.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a child process whose stdout and stderr go to logFile. Resolves with {child, port} once
 * the child printed `READY <port>` on stdout (readyLine true), else at once with {child}.
 */
export function start(name, command, args, { cwd, env, logFile, readyLine = false, readyTimeoutMs = 60_000 }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.walkName = name;
  children.add(child);
  const tail = [];
  const remember = (chunk) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stderr.on('data', (chunk) => { log.write(chunk); remember(chunk); });
  child.tail = () => tail.join('\n');
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      log.end(`\n[walk] ${name} exited (${signal ?? code})\n`);
      resolve({ code, signal });
    });
  });
  if (!readyLine) {
    child.stdout.on('data', (chunk) => { log.write(chunk); remember(chunk); });
    return Promise.resolve({ child });
  }
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${name} did not print READY <port> within ${readyTimeoutMs / 1000} s\n${child.tail()}`)), readyTimeoutMs);
    const finish = (error, port) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error); else resolve({ child, port });
    };
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      buffered += chunk.toString('utf8');
      const match = /^READY (\d+)\s*$/m.exec(buffered);
      if (match) finish(null, Number(match[1]));
    });
    child.once('error', (e) => finish(new Error(`${name} could not start: ${e.message}`)));
    child.once('exit', (code, signal) => finish(new Error(`${name} exited (${signal ?? code}) before it was ready\n${child.tail()}`)));
  });
}

/** Waits until GET url answers 200, the child is still running and the deadline has not passed. */
export async function waitForOk(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.walkName} stopped while starting\n${child.tail()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s\n${child.tail()}`);
    }
    await sleep(1000);
  }
}

/** Stops every child still running: TERM, then KILL after graceMs. */
export async function stopAll(graceMs = 15_000) {
  const running = [...children];
  for (const child of running) child.kill('SIGTERM');
  const timer = setTimeout(() => running.forEach((child) => child.kill('SIGKILL')), graceMs);
  await Promise.all(running.map((child) => child.exited));
  clearTimeout(timer);
}

/** Last resort on process exit (synchronous): KILL whatever is left. */
export function killAllNow() {
  for (const child of children) child.kill('SIGKILL');
}
