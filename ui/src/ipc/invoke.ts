import { invoke } from '@tauri-apps/api/core';
import type { CommandName } from '../bindings/commands';
import type { CommandError, ErrorKind, SourceLocation } from '../bindings/error';

// Every kind, checked against the generated union: a kind added in Rust fails the type check here until it is listed.
const KIND_SET: Record<ErrorKind, true> = {
  invalid: true,
  not_found: true,
  conflict: true,
  refused: true,
  keyring: true,
  storage: true,
  corrupt: true,
  internal: true,
};
const KINDS = Object.keys(KIND_SET) as ErrorKind[];

/** An error from a command, as `{kind, message, location?}`; anything unexpected is kind `internal`. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Where in a source text (a checks file, a YAML document) the problem is, when the backend says so. */
  readonly location: SourceLocation | null;

  constructor(kind: ErrorKind, message: string, location: SourceLocation | null = null) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.location = location;
  }

  /** Turns whatever a command rejected with into an AppError. */
  static from(reason: unknown): AppError {
    if (reason instanceof AppError) return reason;
    if (isCommandError(reason)) return new AppError(reason.kind, reason.message, reason.location ?? null);
    if (reason instanceof Error) return new AppError('internal', reason.message);
    if (typeof reason === 'string' && reason.trim() !== '') return new AppError('internal', reason);
    return new AppError('internal', `unexpected error: ${safeText(reason)}`);
  }
}

function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && typeof v.kind === 'string' && (KINDS as readonly string[]).includes(v.kind);
}

function safeText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Calls a Tauri command (its name checked against the commands the app registers); a rejection is thrown as an
 * AppError. */
export async function call<T>(command: CommandName, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw AppError.from(reason);
  }
}
