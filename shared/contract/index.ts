export * from './api.ts';
export * from './channels.ts';
export * from './dispatch.ts';
export * from './models.ts';
export * from './bridge.ts';
export * from './urls.ts';
export * from './jobs.ts';
export * from './lint.ts';
