import { firstLine } from '../workers/protocol.ts';

export const isErrno = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && (e as NodeJS.ErrnoException).code === code;

export const errnoMessage = (e: unknown): string =>
  e instanceof Error ? e.message : String(e);

/** The first line of an error's message: what a one-line report quotes. */
export const errnoLine = (e: unknown): string => firstLine(errnoMessage(e));
