export * from './envelope';
export * from './user';
export * from './credit';
export * from './task';
export * from './admin';
export * from './order';
