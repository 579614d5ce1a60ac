import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  exited: Promise<Exited>;
  /** What the child has written to stderr (its log) so far. */
  stderrSoFar(): string;
}

// A test that times out never reaches its own kill; a bot left running would hold a core for the rest of the suite.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

// Resolved here, so the child can run in a folder of its own: no developer's .env leaks in.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs a TypeScript entry point of this repository as a child process with exactly `env` (plus PATH). */
export function runEntry(entry: string, env: Record<string, string>, cwd: string, args: readonly string[] = []): Running {
  const child = spawn(process.execPath, ["--import", TSX, path.resolve(entry), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exited>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited, stderrSoFar: () => stderr };
}
