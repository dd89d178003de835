interface PostTaskScheduler {
  postTask(task: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<void>;
}

/**
 * Lets the browser run what is waiting (input, network replies, image decoding, a paint) before the
 * rest of a long computation continues, as a task of ordinary priority: `scheduler.yield()` would
 * resume ahead of the very image loads the first screen waits for.
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') return scheduler.postTask(() => {}, { priority: 'user-visible' });
  return new Promise((resolve) => setTimeout(resolve, 0));
}
