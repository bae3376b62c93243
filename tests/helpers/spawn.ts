// Runs a command as a child process without blocking the test's thread: a synchronous spawn holds
// vitest's worker past its 60 s RPC limit on a slow machine ("Timeout calling onTaskUpdate"),
// which fails the run even when every test passed.
import { spawn } from "node:child_process";

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeout: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group: on time-out the tool's own children (npm and tsx start node) go too.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone already
      }
    }, options.timeout);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    // A tool that exits before reading its input: the broken pipe is not the test's failure.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}
