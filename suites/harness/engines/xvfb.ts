// A private X server for MiniBrowser, which has no headless mode. Started only when there is no
// DISPLAY (or when headless is asked for), stopped with the worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { EngineUnavailableError } from './types.js';
import { INSTALL_HINT } from './locate.js';

export interface Display {
  display: string;
  stop(): Promise<void>;
}

export async function startXvfb(timeoutMs = 15_000): Promise<Display> {
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  let proc: ChildProcess;
  try {
    proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
  } catch {
    throw new EngineUnavailableError(`webkit: Xvfb is not installed; ${INSTALL_HINT}`);
  }
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new EngineUnavailableError('webkit: Xvfb did not start within 15 s')), timeoutMs);
    proc.on('error', () => { clearTimeout(timer); reject(new EngineUnavailableError(`webkit: Xvfb is not installed; ${INSTALL_HINT}`)); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new EngineUnavailableError(`webkit: Xvfb exited with code ${code}`)); });
    (proc.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) { clearTimeout(timer); resolve(`:${out.trim()}`); }
    });
  });
  proc.removeAllListeners('exit');
  return {
    display,
    stop: () => stopProcess(proc),
  };
}

export function stopProcess(proc: ChildProcess, graceMs = 3000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => { clearTimeout(kill); resolve(); });
    proc.kill('SIGTERM');
  });
}
