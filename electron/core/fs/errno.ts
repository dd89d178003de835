export const isErrno = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && (e as NodeJS.ErrnoException).code === code;

export const errnoMessage = (e: unknown): string =>
  e instanceof Error ? e.message : String(e);
