import type { AppError } from '../../../shared/result.ts';

/** Thrown by the few Dataset methods that return a plain value (open, updateSettings); keeps the kind. */
export class DatasetError extends Error implements AppError {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

export interface Conflict {
  path: string;
  reason: string;
}

/** A refused mutation; for kind 'conflict' it lists every file that blocked it. */
export interface MutationError extends AppError {
  conflicts?: Conflict[];
}
