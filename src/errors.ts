/**
 * The few error types kubemux has, and the exit codes of DESIGN.md section 6. Helpers throw; only `src/cli.ts`
 * (and `src/complete.ts`) turn an error into a message and an exit code.
 */

/** Exit codes, DESIGN.md section 6. */
export const ExitCode = {
  /** Every selected cluster answered. */
  Ok: 0,
  /** Every selected cluster failed, or an internal error. */
  Failed: 1,
  /** Usage or configuration error; nothing was sent to any cluster. */
  Usage: 2,
  /** At least one cluster answered and at least one failed. */
  Partial: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Each bundle in dist/ carries its own copy of this module (a shared one costs every start of `contexts` a second
 * module load, about a millisecond: bench/contexts.bench.mjs), and an error may cross from one copy to another (a
 * command's UsageError reaches the CLI's reporter). So `instanceof UsageError` and `instanceof ClusterError` check a
 * brand (a registered symbol the instances carry) rather than which copy of the class made them; subclasses keep the
 * ordinary check.
 */
const USAGE_ERROR: unique symbol = Symbol.for('kubemux.UsageError');
const CLUSTER_ERROR: unique symbol = Symbol.for('kubemux.ClusterError');

/** Whether `value` carries `brand`, or for a subclass `cls`, whether it is an ordinary instance of it. */
function branded(cls: abstract new (...args: never[]) => unknown, base: unknown, brand: symbol, value: unknown): boolean {
  if (cls !== base) return Function.prototype[Symbol.hasInstance].call(cls, value);
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * A mistake in flags, arguments or kubeconfig files: reported as one line on stderr with exit code 2, before any
 * request is sent. The message must name what was wrong (the file, the flag, the context).
 */
export class UsageError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(this, UsageError, USAGE_ERROR, value);
  }
  readonly [USAGE_ERROR] = true;
  override readonly name = 'UsageError';
  /**
   * True when the message is a complete sentence that DESIGN.md fixes word for word (the duplicate-context rule):
   * it is printed alone on its line, without the `error: ` prefix.
   */
  readonly bare: boolean;
  constructor(message: string, options?: { bare?: boolean; cause?: unknown }) {
    super(message, options);
    this.bare = options?.bare ?? false;
  }
}

/**
 * One cluster's failure. `reason` is the Kubernetes Status reason (`Forbidden`, `NotFound`...) or a transport
 * reason (`Timeout`, `ConnectionRefused`, `TLSError`...); `code` the HTTP status when there was one.
 */
export class ClusterError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(this, ClusterError, CLUSTER_ERROR, value);
  }
  readonly [CLUSTER_ERROR] = true;
  override readonly name = 'ClusterError';
  constructor(
    readonly clusterId: string,
    readonly clusterName: string,
    readonly reason: string,
    message: string,
    readonly code: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The stderr line of DESIGN.md section 6: `error: [<clusterName>] <reason>: <message>`. */
  toLine(): string {
    return `error: [${this.clusterName}] ${this.reason}: ${this.message}`;
  }

  /** The `error` member of NDJSON and JSON records. */
  toRecord(): { code: number | null; reason: string; message: string } {
    return { code: this.code, reason: this.reason, message: this.message };
  }
}

/** The exit code for a run in which `ok` clusters answered and `failed` clusters failed. */
export function exitCodeFor(ok: number, failed: number): ExitCode {
  if (failed === 0) return ExitCode.Ok;
  return ok === 0 ? ExitCode.Failed : ExitCode.Partial;
}
